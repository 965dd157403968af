import type { MikroORM } from '@mikro-orm/postgresql';
import { runSql, type SqlStatement } from '../../src/db/sql-statement.ts';

/**
 * The plan PostgreSQL makes for a statement with sequential scans priced out: on a
 * test's few rows it would otherwise scan whole tables anyway, so the plan shows
 * whether an index can serve the lookup at all, and with which condition.
 */
export async function queryPlan<P extends object, R>(orm: MikroORM, statement: SqlStatement<P, R>, params: P): Promise<string> {
  return orm.em.fork().transactional(async (em) => {
    await em.getConnection().execute('set local enable_seqscan = off', [], 'run', em.getTransactionContext());
    const explained = { ...statement, compiled: `explain ${statement.compiled}` } as SqlStatement<P, { 'QUERY PLAN': string }>;
    return (await runSql(em, explained, params)).map((r) => r['QUERY PLAN']).join('\n');
  });
}
