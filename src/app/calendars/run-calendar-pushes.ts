import { CalendarPushSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { DUE_CALENDAR_PUSHES } from './calendars-sql.ts';
import { CalendarAccessRevoked } from './calendar-provider.ts';
import type { CalendarSyncSettings } from './calendar-sync-settings.ts';
import { markConnectionTrouble } from './calendar-trouble.ts';
import { pushBookingToCalendars, type CalendarPushFailure } from './push-booking-to-calendars.ts';

/** What one run did. */
export interface CalendarPushRun {
  pushed: number;
  failed: number;
}

// A failed push waits 1, 2, 4… minutes, at most an hour, and is never dropped: an outage delays it.
const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.min(attempts, 6)) * 60_000;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Works through the due calendar pushes (one job at a time: Agenda's lock): each booking's
 * events are redone; a push that worked is removed, one that failed is tried again later,
 * and the connection whose calendar failed or withdrew access is marked (the team is told
 * once); an unexpected failure (the database) only retries.
 */
export async function runCalendarPushes(ctx: UseCaseContext, settings: CalendarSyncSettings, limit = 50): Promise<CalendarPushRun> {
  const due = await runSql(emAcrossBusinesses(ctx.orm).fork(), DUE_CALENDAR_PUSHES, { now: new Date(ctx.now()), limit });
  const run: CalendarPushRun = { pushed: 0, failed: 0 };
  for (const push of due) {
    const em = emForBusiness(ctx.orm, push.business_id).fork();
    let failures: (Omit<CalendarPushFailure, 'connectionId'> & { connectionId: string | null })[];
    try {
      failures = await pushBookingToCalendars(ctx, settings, push.business_id, push.booking_id);
    } catch (error) {
      failures = [{ connectionId: null, error }];
    }
    if (failures.length === 0) {
      // A change that came in meanwhile made the push due again: it stays for the next run.
      await em.nativeDelete(CalendarPushSchema, { id: push.id, dueAt: push.due_at });
      run.pushed += 1;
      continue;
    }
    run.failed += 1;
    await em.nativeUpdate(CalendarPushSchema, { id: push.id }, { attempts: push.attempts + 1, dueAt: new Date(ctx.now() + backoffMs(push.attempts)), lastError: messageOf(failures[0]!.error).slice(0, 500) });
    // Only the calendar that failed is marked: another connection of the same person may be fine.
    for (const { connectionId, error } of failures) {
      if (connectionId) await markConnectionTrouble(ctx, { id: connectionId }, push.business_id, error instanceof CalendarAccessRevoked ? 'revoked' : 'unreachable', messageOf(error));
    }
  }
  return run;
}
