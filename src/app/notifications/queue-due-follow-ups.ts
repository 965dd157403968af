import { runSqlCount } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { QUEUE_DUE_FOLLOW_UPS } from './notifications-sql.ts';

/** How long after the end of an appointment the customer is asked how it went. */
export const FOLLOW_UP_DELAY_MINUTES = 120;

/**
 * Queues a follow-up (`booking.follow_up`: a 1–5 rating and a comment) for each
 * appointment of the business that ended at least two hours ago within the last week
 * and was not cancelled or missed — once per booking, however often it runs.
 */
export async function queueDueFollowUps(ctx: UseCaseContext, businessId: string): Promise<number> {
  return runSqlCount(emForBusiness(ctx.orm, businessId), QUEUE_DUE_FOLLOW_UPS, { businessId, now: new Date(ctx.now()), delayMinutes: FOLLOW_UP_DELAY_MINUTES });
}
