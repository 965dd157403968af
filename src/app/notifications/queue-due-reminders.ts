import { runSqlCount } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { QUEUE_DUE_REMINDERS } from './notifications-sql.ts';

/**
 * A reminder is due from `offset` minutes before the start until this much later; a
 * reminder missed by more (the service was down) is skipped — the next, closer one
 * still comes — rather than arriving late and out of order.
 */
export const REMINDER_GRACE_MINUTES = 30;

/**
 * Queues the business's due reminders into the outbox (`booking.reminder`), one per
 * confirmed booking and reminder offset (the business's `reminderOffsetsMinutes`,
 * default 24 h and 2 h). The dedupe key holds the start time, so a rescheduled booking
 * is reminded of its new time and a cancelled one of nothing; running this again, or
 * on several workers at once, queues nothing twice. Returns how many were queued.
 */
export async function queueDueReminders(ctx: UseCaseContext, businessId: string): Promise<number> {
  return runSqlCount(emForBusiness(ctx.orm, businessId), QUEUE_DUE_REMINDERS, { businessId, now: new Date(ctx.now()), graceMinutes: REMINDER_GRACE_MINUTES });
}
