import { BusinessSchema, CalendarConnectionSchema, CalendarEventLinkSchema, ExternalBusySchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CONNECTIONS_TO_PULL } from './calendars-sql.ts';
import { CalendarAccessRevoked, CalendarSyncTokenExpired, type BusyChanges, type BusyWindow, type CalendarApi } from './calendar-provider.ts';
import { openTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';
import { markConnectionHealthy, markConnectionTrouble, saveRefreshedTokens } from './calendar-trouble.ts';

// Busy times are read from a day back (older ones cannot block a booking any more) to a day past the booking horizon.
const DAY_MS = 86_400_000;

/** What one pull did. */
export interface BusyPullRun {
  synced: number;
  failed: number;
}

/**
 * Reads the busy calendars of every connection that is not revoked: incrementally by
 * each calendar's sync token, in full when there is none or the provider refuses it
 * (410). A full read replaces what was known of that calendar; an incremental one
 * changes only the events it names. Events we wrote ourselves (`calendar_event_link`)
 * are bookings already and never busy time. A calendar that cannot be read keeps its
 * last busy times, and its connection is marked (the team is told once).
 */
export async function pullBusyTimes(ctx: UseCaseContext, settings: CalendarSyncSettings): Promise<BusyPullRun> {
  const rows = await runSql(emAcrossBusinesses(ctx.orm).fork(), CONNECTIONS_TO_PULL, {});
  const run: BusyPullRun = { synced: 0, failed: 0 };
  for (const row of rows) {
    if (await pullConnection(ctx, settings, row.business_id, row.id)) run.synced += 1;
    else run.failed += 1;
  }
  return run;
}

async function pullConnection(ctx: UseCaseContext, settings: CalendarSyncSettings, businessId: string, connectionId: string): Promise<boolean> {
  const em = emForBusiness(ctx.orm, businessId).fork();
  const connection = await em.findOne(CalendarConnectionSchema, { id: connectionId });
  const provider = connection ? settings.providers[connection.provider] : undefined;
  if (!connection || !provider) return true;
  const api = provider.api(openTokens(settings, connection), (tokens) => saveRefreshedTokens(ctx, settings, connectionId, businessId, tokens));
  const business = await em.findOneOrFail(BusinessSchema, { id: businessId });
  const window: BusyWindow = { fromMs: ctx.now() - DAY_MS, toMs: ctx.now() + (business.bookingHorizonDays + 1) * DAY_MS, timeZone: business.timeZone };
  const tokens: Record<string, string> = { ...connection.syncTokens };
  try {
    for (const calendarId of connection.busyCalendarIds) {
      const changes = await readChanges(api, calendarId, tokens[calendarId] ?? null, window);
      await applyChanges(ctx, businessId, connection.id, connection.staffMember.id, calendarId, changes);
      if (changes.nextSyncToken) tokens[calendarId] = changes.nextSyncToken;
      else delete tokens[calendarId];
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markConnectionTrouble(ctx, connection, businessId, error instanceof CalendarAccessRevoked ? 'revoked' : 'unreachable', message);
    return false;
  }
  await markConnectionHealthy(ctx, connection.id, businessId, tokens);
  return true;
}

async function readChanges(api: CalendarApi, calendarId: string, syncToken: string | null, window: BusyWindow): Promise<BusyChanges> {
  try {
    return await api.busyChanges(calendarId, syncToken, window);
  } catch (error) {
    if (!(error instanceof CalendarSyncTokenExpired) || syncToken === null) throw error;
    return api.busyChanges(calendarId, null, window);
  }
}

async function applyChanges(ctx: UseCaseContext, businessId: string, connectionId: string, staffId: string, calendarId: string, page: BusyChanges): Promise<void> {
  await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    if (page.full) await em.nativeDelete(ExternalBusySchema, { connection: connectionId, calendarId });
    else if (page.changes.length > 0) await em.nativeDelete(ExternalBusySchema, { connection: connectionId, calendarId, eventId: { $in: page.changes.map((c) => c.eventId) } });
    // Our own events: found by the links the pushes keep (a link saved after an earlier pull also clears its busy row here).
    const ours = new Set((await em.find(CalendarEventLinkSchema, { connection: connectionId, calendarId }, { fields: ['eventId'] })).map((l) => l.eventId));
    if (ours.size > 0) await em.nativeDelete(ExternalBusySchema, { connection: connectionId, calendarId, eventId: { $in: [...ours] } });
    const seen = new Set<string>(ours);
    for (const change of page.changes) {
      if (!change.busy || change.endsAt <= change.startsAt || seen.has(change.eventId)) continue;
      seen.add(change.eventId);
      em.create(ExternalBusySchema, { business: businessId, staffMember: staffId, connection: connectionId, calendarId, eventId: change.eventId, startsAt: new Date(change.startsAt), endsAt: new Date(change.endsAt) });
    }
    await em.flush();
  });
}
