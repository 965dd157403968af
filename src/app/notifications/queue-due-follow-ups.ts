import { runSqlCount } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { QUEUE_DUE_FOLLOW_UPS } from './notifications-sql.ts';

/**
 * Queues a follow-up (`booking.follow_up`: a 1–5 rating and a comment) for each
 * appointment of the business that was not cancelled or missed, once the business's
 * follow-up delay (`followUpAfterMinutes`, two hours unless set otherwise) has passed
 * since its end — once per booking, however often it runs. A business without a delay
 * asks nobody; a follow-up that fell due more than a week ago is not sent late.
 */
export async function queueDueFollowUps(ctx: UseCaseContext, businessId: string): Promise<number> {
  return runSqlCount(emForBusiness(ctx.orm, businessId), QUEUE_DUE_FOLLOW_UPS, { businessId, now: new Date(ctx.now()) });
}
