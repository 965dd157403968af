import type { ApiKeyScope } from '../../db/entities/index.ts';
import { acrossBusinessesSql } from '../../db/sql-statement.ts';

/**
 * An API key found by its hash, on every API request (prepared: `runPreparedSql`).
 * Across businesses on purpose: the key is what says which business is asking.
 */
export const API_KEY_BY_HASH = acrossBusinessesSql<
  { hash: string },
  { id: string; business_id: string; scope: ApiKeyScope; revoked: boolean; last_used_at: number | null }
>(
  'api-keys.by-hash',
  'an API request names its business only through its key',
  `select id, business_id, scope, revoked_at is not null as revoked, (extract(epoch from last_used_at) * 1000)::float8 as last_used_at
     from api_key where hash = :hash`,
);
