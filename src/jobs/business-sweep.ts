import type { Logger } from 'pino';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../db/sql-statement.ts';
import { ALL_BUSINESSES } from './sweep-sql.ts';

/**
 * Runs `work` for each business (the ids `which` selects; every business by default),
 * one at a time, each in its own unit of work: one business failing is logged and
 * does not stop the others.
 */
export async function forEachBusiness(
  ctx: UseCaseContext,
  logger: Logger,
  work: (businessId: string) => Promise<unknown>,
  which: (em: EntityManager) => Promise<{ business_id: string }[]> = (em) => runSql(em, ALL_BUSINESSES, {}),
): Promise<void> {
  const rows = await which(ctx.orm.em);
  for (const { business_id: businessId } of rows) {
    try {
      await work(businessId);
    } catch (error) {
      logger.error({ err: error, businessId }, 'job failed for one business');
    }
  }
}
