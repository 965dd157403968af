import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  CalendarSyncTokenExpired,
  type BusyChange,
  type BusyWindow,
  type CalendarApi,
  type CalendarProvider,
  type CalendarTokens,
  type PushedEvent,
} from '../app/calendars/calendar-provider.ts';
import { GraphError, graphClient, type GraphCall } from './graph-client.ts';
import { microsoftOAuth, type MicrosoftOAuthConfig } from './microsoft-oauth.ts';

/** Microsoft 365 calendars: the OAuth client and, for tests, other hosts (MS_GRAPH_ROOT, MS_OAUTH_TOKEN_URL, MS_OAUTH_AUTHORIZE_URL). */
export interface OutlookCalendarConfig extends MicrosoftOAuthConfig {
  /** Graph root with its version (default https://graph.microsoft.com/v1.0). */
  graphRoot?: string | undefined;
}

/**
 * The booking id on each event we write: a String extended property named under our own
 * GUID (a fixed, made-up property set of BookChat), so a retried insert finds its first
 * copy by `$filter` instead of writing a second one.
 */
export const BOOKING_ID_PROPERTY = 'String {8f3b6c2e-5d1a-4e7b-9c0f-2a6d4b8e1f37} Name bookingId';

// The window of a delta round is fixed when it starts: start a new round once the horizon has moved a week past it.
const WINDOW_SLACK_MS = 7 * 86_400_000;

const enc = encodeURIComponent;
const Page = z.object({ value: z.array(z.unknown()).default([]), '@odata.nextLink': z.string().optional(), '@odata.deltaLink': z.string().optional() });
const Calendar = z.object({ id: z.string(), name: z.string().nullish(), isDefaultCalendar: z.boolean().nullish(), canEdit: z.boolean().nullish() });
const Me = z.object({ mail: z.string().nullish(), userPrincipalName: z.string().nullish() });
const Created = z.object({ id: z.string() });
const When = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const DeltaEvent = z.object({
  id: z.string(),
  '@removed': z.object({ reason: z.string().optional() }).optional(),
  isCancelled: z.boolean().nullish(),
  isAllDay: z.boolean().nullish(),
  showAs: z.string().nullish(),
  start: When.nullish(),
  end: When.nullish(),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string().nullish() })).nullish(),
});
// Our sync token: the window's end and Graph's delta link (the window is inside the link, opaque).
const SyncToken = /^v1:(\d+):(https?:\/\/.+)$/s;

// Graph answers a stale or unknown delta token with 410 (syncStateNotFound, resyncRequired) or a 400 naming the sync state.
const isStaleToken = (error: unknown) => error instanceof GraphError && (error.status === 410 || (error.status === 400 && /sync ?state|resync/i.test(`${error.code} ${error.message}`)));

function instant(when: z.infer<typeof When> | null | undefined, allDay: boolean, zone: string): number {
  if (!when) return 0;
  // An all-day event has no instant of its own: its day is read on the business's clock.
  if (allDay) return DateTime.fromISO(when.dateTime.slice(0, 10), { zone }).toMillis();
  const own = DateTime.fromISO(when.dateTime, { zone: when.timeZone ?? 'UTC' });
  // We ask for UTC (Prefer: outlook.timezone); a Windows zone name luxon cannot read is taken as UTC too.
  return own.isValid ? own.toMillis() : DateTime.fromISO(when.dateTime, { zone: 'UTC' }).toMillis();
}

/** One event of a delta page as a busy change: removed, cancelled, free time and our own bookings block nothing. */
export function graphBusyChange(raw: unknown, zone: string): BusyChange | null {
  const event = DeltaEvent.safeParse(raw);
  if (!event.success) return null;
  const e = event.data;
  if (e['@removed']) return { eventId: e.id, busy: false, startsAt: 0, endsAt: 0 };
  const startsAt = instant(e.start, Boolean(e.isAllDay), zone);
  const endsAt = instant(e.end, Boolean(e.isAllDay), zone);
  const ours = (e.singleValueExtendedProperties ?? []).some((p) => p.id.toLowerCase() === BOOKING_ID_PROPERTY.toLowerCase() && p.value);
  const free = e.showAs === 'free' || e.showAs === 'workingElsewhere';
  return { eventId: e.id, busy: !e.isCancelled && !free && !ours && endsAt > startsAt, startsAt, endsAt };
}

const utc = (ms: number) => ({ dateTime: DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: 'UTC' });

function eventBody(event: PushedEvent) {
  return {
    subject: event.summary,
    body: { contentType: 'text', content: event.description },
    start: utc(event.startsAt),
    end: utc(event.endsAt),
    showAs: 'busy',
    singleValueExtendedProperties: [{ id: BOOKING_ID_PROPERTY, value: event.bookingId }],
  };
}

async function pages(call: GraphCall, first: string, headers: Record<string, string> = {}): Promise<{ items: unknown[]; deltaLink: string | null }> {
  const items: unknown[] = [];
  let next: string | undefined = first;
  let deltaLink: string | null = null;
  while (next) {
    const page = Page.parse(await call({ path: next, headers }));
    items.push(...page.value);
    next = page['@odata.nextLink'];
    deltaLink = page['@odata.deltaLink'] ?? deltaLink;
  }
  return { items, deltaLink };
}

function outlookApi(call: GraphCall): CalendarApi {
  const byBookingId = async (calendarId: string, bookingId: string): Promise<string | null> => {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${BOOKING_ID_PROPERTY}' and ep/value eq '${bookingId}')`;
    const page = Page.parse(await call({ path: `/me/calendars/${enc(calendarId)}/events?$filter=${enc(filter)}&$select=id&$top=1` }));
    return page.value.map((v) => Created.safeParse(v).data?.id).find(Boolean) ?? null;
  };
  const patch = async (eventId: string, event: PushedEvent) => Created.parse(await call({ method: 'PATCH', path: `/me/events/${enc(eventId)}`, body: eventBody(event) })).id;
  const notFound = (error: unknown) => error instanceof GraphError && (error.status === 404 || error.status === 410);

  return {
    async listCalendars() {
      const { items } = await pages(call, '/me/calendars?$select=id,name,isDefaultCalendar,canEdit&$top=100');
      return items.flatMap((raw) => {
        const c = Calendar.safeParse(raw);
        return c.success ? [{ id: c.data.id, name: c.data.name ?? c.data.id, primary: Boolean(c.data.isDefaultCalendar), writable: c.data.canEdit !== false }] : [];
      });
    },
    async upsertEvent(calendarId, event, eventId) {
      if (eventId) {
        try {
          return await patch(eventId, event);
        } catch (error) {
          if (!notFound(error)) throw error;
        }
      }
      // Graph makes its own ids: a retry after a lost answer finds the first copy by the booking id.
      const found = await byBookingId(calendarId, event.bookingId);
      if (found) return patch(found, event);
      return Created.parse(await call({ method: 'POST', path: `/me/calendars/${enc(calendarId)}/events`, body: eventBody(event) })).id;
    },
    async deleteEvent(_calendarId, eventId) {
      try {
        await call({ method: 'DELETE', path: `/me/events/${enc(eventId)}` });
      } catch (error) {
        if (!notFound(error)) throw error;
      }
    },
    async busyChanges(calendarId, syncToken, window: BusyWindow) {
      const token = syncToken ? SyncToken.exec(syncToken) : null;
      // A round whose window ends too early for the booking horizon is started again in full.
      const incremental = token !== null && Number(token[1]) + WINDOW_SLACK_MS >= window.toMs;
      const first = incremental
        ? token[2]!
        : `/me/calendars/${enc(calendarId)}/calendarView/delta?startDateTime=${enc(new Date(window.fromMs).toISOString())}&endDateTime=${enc(new Date(window.toMs).toISOString())}`;
      const windowEnd = incremental ? Number(token[1]) : window.toMs;
      let read;
      try {
        read = await pages(call, first, { prefer: 'outlook.timezone="UTC", odata.maxpagesize=100' });
      } catch (error) {
        if (incremental && isStaleToken(error)) throw new CalendarSyncTokenExpired();
        throw error;
      }
      const changes = read.items.flatMap((raw) => graphBusyChange(raw, window.timeZone) ?? []);
      return { full: !incremental, changes, nextSyncToken: read.deltaLink ? `v1:${windowEnd}:${read.deltaLink}` : null };
    },
  };
}

/** Outlook (Microsoft 365) calendars behind the calendar-connection contract, through Microsoft Graph over plain HTTP. */
export function outlookCalendarProvider(config: OutlookCalendarConfig): CalendarProvider {
  const oauth = microsoftOAuth(config);
  const root = config.graphRoot ?? 'https://graph.microsoft.com/v1.0';
  const apiOf = (tokens: CalendarTokens, onTokens: (tokens: CalendarTokens) => Promise<void>) => outlookApi(graphClient(root, oauth, tokens, onTokens));
  return {
    name: 'outlook',
    authUrl: (state, redirectUri) => oauth.authUrl(state, redirectUri),
    async exchangeCode(code, redirectUri) {
      const tokens = await oauth.exchangeCode(code, redirectUri);
      const me = Me.parse(await graphClient(root, oauth, tokens, async () => {})({ path: '/me?$select=mail,userPrincipalName' }));
      return { tokens, accountEmail: me.mail ?? me.userPrincipalName ?? null };
    },
    // Graph has no endpoint that revokes one app's refresh token. The only call near it,
    // POST /me/revokeSignInSessions, signs the person out of every app and device, far more
    // than disconnecting a calendar should do: our tokens are deleted instead, and the
    // person can remove BookChat in their account's app permissions.
    revoke: async () => false,
    api: apiOf,
  };
}
