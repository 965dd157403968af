import type { Logger } from 'pino';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';

/**
 * Runs `work` for each business (the ids `sql` selects; every business by default),
 * one at a time, each in its own unit of work: one business failing is logged and
 * does not stop the others.
 */
export async function forEachBusiness(
  ctx: UseCaseContext,
  logger: Logger,
  work: (businessId: string) => Promise<unknown>,
  sql = 'select id as business_id from business order by id',
  params: unknown[] = [],
): Promise<void> {
  const rows = await ctx.orm.em.getConnection().execute<{ business_id: string }[]>(sql, params);
  for (const { business_id: businessId } of rows) {
    try {
      await work(businessId);
    } catch (error) {
      logger.error({ err: error, businessId }, 'job failed for one business');
    }
  }
}
