import { runSql } from '../db/sql-statement.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { BacklogReading } from '../app/shared/service-metrics.ts';
import { DELIVERY_AND_JOB_BACKLOG, MESSAGE_BACKLOG } from './backlog-sql.ts';

/**
 * The outbox's depth and its oldest pending item, and the job lag, as of `ctx.now()`:
 * two aggregate statements, sent at once (each table is read by its own, as the
 * tenant-SQL check wants a statement across businesses to drive from one table).
 */
export async function readBacklog(ctx: Pick<UseCaseContext, 'orm' | 'now'>): Promise<BacklogReading> {
  const now = new Date(ctx.now());
  const [[deliveries], [messages]] = await Promise.all([runSql(ctx.orm.em, DELIVERY_AND_JOB_BACKLOG, { now }), runSql(ctx.orm.em, MESSAGE_BACKLOG, { now })]);
  return {
    outboxPendingMessages: messages?.pending ?? 0,
    outboxPendingDeliveries: deliveries?.pending ?? 0,
    oldestPendingSeconds: Math.max(messages?.oldest_seconds ?? 0, deliveries?.oldest_seconds ?? 0),
    jobLagSeconds: deliveries?.job_lag_seconds ?? 0,
  };
}
