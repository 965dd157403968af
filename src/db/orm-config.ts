import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { ALL_ENTITIES, TENANT_ENTITIES } from './entities/index.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** Name of the filter that scopes every tenant-owned query to one business. */
export const TENANT_FILTER = 'tenant';

/** Tables owned by the job scheduler (Agenda), not by the ORM. */
export const JOB_TABLES = ['agenda_jobs', 'agenda_logs'] as const;

/** Filter argument that lets a query span businesses (see `emAcrossBusinesses`). */
export const ACROSS_BUSINESSES = '*';

function tenantCondition(args: Record<string, unknown>): Record<string, unknown> {
  const businessId = args['businessId'];
  if (businessId === ACROSS_BUSINESSES) return {};
  if (typeof businessId !== 'string' || businessId.length === 0) {
    throw new Error('Tenant filter needs a business id: use emForBusiness() or emAcrossBusinesses()');
  }
  return { business: businessId };
}

/**
 * How long a query waits for a pooled connection before it fails (see `ormOptions`).
 * Long on purpose: it bounds a hang on a server that does not answer, not load — under
 * a burst a query may wait many seconds for a free connection, and 10 s turned a burst
 * on two busy cores into refused bookings and lost chat updates (tests/faults/burst).
 * A stopped server refuses connections at once, so a restart is answered at once.
 */
export const CONNECTION_TIMEOUT_MS = 60_000;

/** Where the ORM connects and how it reports. */
export interface OrmSettings {
  /** postgres://user:pass@host:port/database */
  url: string;
  logger?: Logger;
  /** Connections in the pool. */
  poolMax?: number;
}

/**
 * MikroORM options for BookChat. The tenant filter is on by default for every
 * business-owned entity, so a query without a business id fails loudly instead of
 * reading another business's rows; code that truly spans businesses turns it off by
 * name (`emAcrossBusinesses`).
 */
export function ormOptions(settings: OrmSettings): Options {
  const log = settings.logger;
  return defineConfig({
    clientUrl: settings.url,
    entities: ALL_ENTITIES,
    extensions: [Migrator],
    pool: { min: 0, max: settings.poolMax ?? 10 },
    // `pg` waits for a connection without end by default: a server that does not answer
    // (a network gone quiet, a failover) would hold every request for good. After this
    // long waiting for a connection (opening one, or all busy) the query fails, and a
    // request is answered 503 "try again" (http-error-handler.ts).
    driverOptions: { connectionTimeoutMillis: CONNECTION_TIMEOUT_MS },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: 'src/db/migrations',
      emit: 'ts',
    },
    filters: {
      [TENANT_FILTER]: {
        name: TENANT_FILTER,
        entity: TENANT_ENTITIES,
        default: true,
        cond: tenantCondition,
      },
    },
    // The tenant filter is our only filter, and a row's references are rows of its own
    // business: joining every unpopulated reference only to filter it by business again
    // (five inner joins on each booking read) costs PostgreSQL work on every hot read
    // and can hide nothing. Populated relations keep the filter (filtersOnRelations).
    autoJoinRefsForFilters: false,
    // The job scheduler's tables are created by their own migration; schema diffs
    // must not see them as strays to drop. Our triggers (the availability changes' log)
    // and SQL functions (`uuid_or_null`) live in migrations alone, so diffs leave them be too.
    schemaGenerator: { skipTables: [...JOB_TABLES], ignoreTriggers: true, ignoreRoutines: true },
    forceUtcTimezone: true,
    debug: false,
    ...(log ? { logger: (message: string) => log.debug({ orm: true }, message) } : {}),
  });
}
