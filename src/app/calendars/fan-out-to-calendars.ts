import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../../db/sql-statement.ts';
import { FAN_OUT_TO_CALENDARS } from './calendars-sql.ts';

/**
 * The calendars step of the outbox fan-out (`src/app/notifications/fan-out-outbox.ts`), in
 * its transaction: every booking change of a business with a connected calendar makes
 * the booking's push due, so the calendar job brings its events in line. A calendar
 * outage only delays the push: the row stays until it succeeds.
 */
export async function fanOutToCalendars(em: EntityManager, now: Date, ids: string): Promise<void> {
  await runSql(em, FAN_OUT_TO_CALENDARS, { now, ids });
}
