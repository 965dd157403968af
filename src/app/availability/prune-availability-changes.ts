import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { runSqlCount } from '../../db/sql-statement.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { MAX_CACHED_MS } from './availability-cache.ts';
import { PRUNE_AVAILABILITY_CHANGES } from './availability-sql.ts';

/**
 * How long a logged availability change is kept: far beyond the longest a cached answer
 * lives ({@link MAX_CACHED_MS}), so no answer can miss a change because its row went.
 */
export const KEEP_AVAILABILITY_CHANGES_MS = 10 * MAX_CACHED_MS;

/**
 * Use case (for the pruning job): drops the logged availability changes no cached
 * answer can need; how many. By the database's clock, which stamped them.
 */
export async function pruneAvailabilityChanges(ctx: UseCaseContext): Promise<number> {
  return runSqlCount(emAcrossBusinesses(ctx.orm), PRUNE_AVAILABILITY_CHANGES, { keepMs: KEEP_AVAILABILITY_CHANGES_MS });
}
