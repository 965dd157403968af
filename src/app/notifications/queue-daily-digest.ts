import { runSql, runSqlCount } from '../../db/sql-statement.ts';
import { createZoneClock, formatEpochDay, isoWeekday } from '../../domain/index.ts';
import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { OPENING_MINUTE, QUEUE_DAILY_DIGEST } from './notifications-sql.ts';

/** A digest is still worth sending this long after its time; later ones are skipped. */
export const DIGEST_LATEST_AFTER_OPENING_MS = 4 * 3_600_000;

/**
 * At the business's digest time (`digestAtMinute` of the local day when set, else its
 * opening: its own opening hours for the weekday, else the earliest specialist's
 * start) queues the day's digest for the team chat (`business.daily_digest`): every
 * active booking of the local day, grouped by specialist, as it stands then. Once per
 * business and local date; a closed day (no hours) gets none, and neither does a day
 * whose digest time passed more than four hours ago. Returns true when a digest was
 * queued by this call.
 */
export async function queueDailyDigest(ctx: UseCaseContext, businessId: string): Promise<boolean> {
  const em = emForBusiness(ctx.orm, businessId);
  const business = await em.findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  const now = ctx.now();
  const clock = createZoneClock(business.timeZone);
  const day = clock.epochDayOf(now);
  // Business opening hours; without them, the earliest active specialist who works in
  // the business's own zone (another zone's minutes would mean another instant).
  const [opening] = await runSql(em, OPENING_MINUTE, { businessId, weekday: isoWeekday(day) });
  if (opening?.minute === null || opening?.minute === undefined) return false;
  const sendAt = clock.toInstant(day, business.digestAtMinute ?? opening.minute);
  // Too late to be useful (the service was down all morning): skip this day's digest.
  if (now < sendAt || now >= sendAt + DIGEST_LATEST_AFTER_OPENING_MS) return false;

  const date = formatEpochDay(day);
  const dayStart = new Date(clock.toInstant(day, 0));
  const dayEnd = new Date(clock.toInstant(day + 1, 0));
  const queued = await runSqlCount(em, QUEUE_DAILY_DIGEST, { businessId, date, dayStart, dayEnd, now: new Date(now) });
  return queued === 1;
}
