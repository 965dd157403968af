import { idArray, runSql, runSqlCount } from '../db/sql-statement.ts';
import { DEAD_DELIVERIES, RETRY_ALL_DEAD, RETRY_DEAD, type DeadDelivery } from './delivery-sql.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';

export type { DeadDelivery } from './delivery-sql.ts';

/** The dead-letter list, newest first. */
export async function listDeadDeliveries(ctx: Pick<UseCaseContext, 'orm'>, limit = 100): Promise<DeadDelivery[]> {
  return runSql(ctx.orm.em, DEAD_DELIVERIES, { limit });
}

/** Puts dead deliveries (these ids, or all) back in the queue with a fresh attempt count. */
export async function retryDeadDeliveries(ctx: Pick<UseCaseContext, 'orm' | 'now'>, ids: readonly string[] | 'all'): Promise<number> {
  const now = new Date(ctx.now());
  return ids === 'all' ? runSqlCount(ctx.orm.em, RETRY_ALL_DEAD, { now }) : runSqlCount(ctx.orm.em, RETRY_DEAD, { now, ids: idArray(ids) });
}
