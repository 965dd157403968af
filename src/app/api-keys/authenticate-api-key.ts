import { ApiKeySchema, type ApiKeyScope } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { API_KEY_TAG, hashApiKey } from './api-key-secret.ts';
import { API_KEY_BY_HASH } from './api-keys-sql.ts';
import { runPreparedSql } from '../../db/sql-statement.ts';

/** Who an API request speaks for: the key's business and what the key may do. */
export interface ApiCaller {
  keyId: string;
  businessId: string;
  scope: ApiKeyScope;
}

/** How often `last_used_at` is written: at most once a minute per key, not on every call. */
export const LAST_USED_EVERY_MS = 60_000;

// Longer than any key we make: no need to hash a megabyte someone sent.
const MAX_KEY_LENGTH = 200;

/**
 * The caller a key stands for, or null for a key that is unknown, revoked or not ours in
 * shape (one answer for all, so keys cannot be probed). A key is found by its hash
 * across businesses — that is the point of it — and its last use is recorded at most
 * once a minute.
 */
export async function authenticateApiKey(ctx: UseCaseContext, key: string): Promise<ApiCaller | null> {
  if (!key.startsWith(API_KEY_TAG) || key.length > MAX_KEY_LENGTH) return null;
  // One prepared statement on every request, no unit of work: the key's lookup is on
  // the hot path of every API call.
  const [row] = await runPreparedSql(emAcrossBusinesses(ctx.orm), API_KEY_BY_HASH, { hash: hashApiKey(key) });
  if (!row || row.revoked) return null;
  const caller = { keyId: row.id, businessId: row.business_id, scope: row.scope };
  const now = ctx.now();
  if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_EVERY_MS) {
    // Conditional, so requests racing past the check above write it once.
    await emForBusiness(ctx.orm, caller.businessId).nativeUpdate(
      ApiKeySchema,
      { id: row.id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(now - LAST_USED_EVERY_MS) } }] },
      { lastUsedAt: new Date(now) },
    );
  }
  return caller;
}
