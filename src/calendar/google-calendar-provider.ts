import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client, type Credentials } from 'google-auth-library';
import { DateTime } from 'luxon';
import {
  CalendarAccessRevoked,
  CalendarSyncTokenExpired,
  type BusyChange,
  type CalendarApi,
  type CalendarProvider,
  type CalendarTokens,
  type PushedEvent,
} from '../app/calendars/calendar-provider.ts';

/** Google's OAuth client and, for tests, other hosts (GOOGLE_API_ROOT, GOOGLE_OAUTH_TOKEN_URL). */
export interface GoogleCalendarConfig {
  clientId: string;
  clientSecret: string;
  /** Calendar API root (default https://www.googleapis.com/). */
  apiRoot?: string | undefined;
  /** Token endpoint (default Google's); revocation is then `/revoke` on the same host. */
  tokenUrl?: string | undefined;
}

const SCOPES = ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly'];

/** A booking's own Google event id (base32hex, 5–1024 characters): a retried insert meets its first copy. */
export function googleEventId(bookingId: string): string {
  return `bc${bookingId.replaceAll('-', '').toLowerCase()}`;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  const status = e.response?.status ?? e.status ?? e.code;
  return typeof status === 'number' ? status : typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : undefined;
}

// A refresh refused (invalid_grant) or a 401 after one: access was withdrawn.
function revokedOrThrow(error: unknown): never {
  const text = error instanceof Error ? error.message : String(error);
  if (statusOf(error) === 401 || /invalid_grant|invalid_token|unauthorized_client/i.test(text)) throw new CalendarAccessRevoked(text);
  throw error;
}

function instant(time: calendar_v3.Schema$EventDateTime | undefined, zone: string): number | null {
  if (time?.dateTime) return DateTime.fromISO(time.dateTime).toMillis();
  if (time?.date) return DateTime.fromISO(time.date, { zone: time.timeZone ?? zone }).toMillis();
  return null;
}

function busyChange(event: calendar_v3.Schema$Event, zone: string): BusyChange | null {
  if (!event.id) return null;
  const startsAt = instant(event.start, zone) ?? 0;
  const endsAt = instant(event.end, zone) ?? 0;
  // Our own pushed bookings are bookings already; free ("transparent") time blocks nothing.
  const ours = Boolean(event.extendedProperties?.private?.['bookingId']);
  const busy = event.status !== 'cancelled' && event.transparency !== 'transparent' && !ours && endsAt > startsAt;
  return { eventId: event.id, busy, startsAt, endsAt };
}

function eventBody(event: PushedEvent): calendar_v3.Schema$Event {
  return {
    summary: event.summary,
    description: event.description,
    start: { dateTime: new Date(event.startsAt).toISOString(), timeZone: event.timeZone },
    end: { dateTime: new Date(event.endsAt).toISOString(), timeZone: event.timeZone },
    status: 'confirmed',
    extendedProperties: { private: { bookingId: event.bookingId } },
  };
}

/** Google Calendar behind the calendar-connection contract (`@googleapis/calendar`, `google-auth-library`). */
export function googleCalendarProvider(config: GoogleCalendarConfig): CalendarProvider {
  const endpoints = config.tokenUrl ? { oauth2TokenUrl: config.tokenUrl, oauth2RevokeUrl: new URL('/revoke', config.tokenUrl).href } : {};
  const oauth = (redirectUri?: string) => new OAuth2Client({ clientId: config.clientId, clientSecret: config.clientSecret, ...(redirectUri ? { redirectUri } : {}), endpoints });
  const rootUrl = config.apiRoot ? `${config.apiRoot.replace(/\/+$/, '')}/` : undefined;

  const apiOf = (tokens: CalendarTokens, onTokens: (tokens: CalendarTokens) => Promise<void>): CalendarApi => {
    const client = oauth();
    let current = tokens;
    client.setCredentials({ access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expiry_date: tokens.expiresAt });
    client.on('tokens', (fresh: Credentials) => {
      current = { accessToken: fresh.access_token ?? current.accessToken, refreshToken: fresh.refresh_token ?? current.refreshToken, expiresAt: fresh.expiry_date ?? null };
      void onTokens(current).catch(() => {});
    });
    const api = calendar({ version: 'v3', auth: client, retry: false, ...(rootUrl ? { rootUrl } : {}) });
    const call = async <T>(run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        return revokedOrThrow(error);
      }
    };
    return {
      listCalendars: () =>
        call(async () => {
          const res = await api.calendarList.list({ maxResults: 250 });
          return (res.data.items ?? []).flatMap((c) =>
            c.id ? [{ id: c.id, name: c.summaryOverride ?? c.summary ?? c.id, primary: Boolean(c.primary), writable: c.accessRole === 'owner' || c.accessRole === 'writer' }] : [],
          );
        }),
      upsertEvent: (calendarId, event, eventId) =>
        call(async () => {
          const id = eventId ?? googleEventId(event.bookingId);
          const patch = async () => (await api.events.patch({ calendarId, eventId: id, requestBody: eventBody(event) })).data.id ?? id;
          if (eventId) {
            try {
              return await patch();
            } catch (error) {
              if (statusOf(error) !== 404) throw error;
            }
          }
          try {
            return (await api.events.insert({ calendarId, requestBody: { ...eventBody(event), id: googleEventId(event.bookingId) } })).data.id ?? id;
          } catch (error) {
            // 409: the event with this booking's id is there already (a retry): bring it up to date instead.
            if (statusOf(error) !== 409) throw error;
            return (await api.events.patch({ calendarId, eventId: googleEventId(event.bookingId), requestBody: eventBody(event) })).data.id ?? id;
          }
        }),
      deleteEvent: (calendarId, eventId) =>
        call(async () => {
          try {
            await api.events.delete({ calendarId, eventId });
          } catch (error) {
            if (statusOf(error) !== 404 && statusOf(error) !== 410) throw error;
          }
        }),
      busyChanges: (calendarId, syncToken, window) =>
        call(async () => {
          const changes: BusyChange[] = [];
          let pageToken: string | undefined;
          let nextSyncToken: string | null = null;
          do {
            let res;
            try {
              res = await api.events.list({
                calendarId,
                singleEvents: true,
                maxResults: 250,
                ...(syncToken ? { syncToken } : { timeMin: new Date(window.fromMs).toISOString() }),
                ...(pageToken ? { pageToken } : {}),
              });
            } catch (error) {
              if (statusOf(error) === 410) throw new CalendarSyncTokenExpired();
              throw error;
            }
            for (const event of res.data.items ?? []) {
              const change = busyChange(event, res.data.timeZone ?? window.timeZone);
              if (change) changes.push(change);
            }
            pageToken = res.data.nextPageToken ?? undefined;
            nextSyncToken = res.data.nextSyncToken ?? nextSyncToken;
          } while (pageToken);
          return { full: !syncToken, changes, nextSyncToken };
        }),
    };
  };

  return {
    name: 'google',
    // offline + consent: without both, Google sends no refresh token after the first consent.
    authUrl: (state, redirectUri) => oauth(redirectUri).generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: SCOPES, state, include_granted_scopes: true }),
    async exchangeCode(code, redirectUri) {
      const { tokens } = await oauth(redirectUri).getToken({ code, redirect_uri: redirectUri });
      if (!tokens.access_token || !tokens.refresh_token) throw new Error('Google returned no refresh token: consent must be asked with access_type=offline and prompt=consent');
      const saved = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: tokens.expiry_date ?? null };
      const primary = (await apiOf(saved, async () => {}).listCalendars()).find((c) => c.primary);
      return { tokens: saved, accountEmail: primary?.id ?? null };
    },
    async revoke(tokens) {
      await oauth().revokeToken(tokens.refreshToken);
      return true;
    },
    api: apiOf,
  };
}
