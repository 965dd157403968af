import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import { APP_ROLE, ensureAppRole } from './app-role.ts';
import { readOrCreatePassword, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { ormOptions } from './orm-config.ts';
import { withSessionAdvisoryLock } from './session-advisory-lock.ts';

/** Where the service's PostgreSQL comes from. */
export type DatabaseSource = { kind: 'external'; url: string } | { kind: 'embedded'; dir: string; port: number };

/** An open database: the ORM plus what it takes to close everything it started. */
export interface Database {
  orm: MikroORM;
  /** `embedded` when this process started the server itself. */
  kind: DatabaseSource['kind'];
  /** Connection URL of the ORM's role (for components with their own pool, like the job runner). */
  url: string;
  /**
   * The administrator's URL, for migrations, backups and restores: the embedded
   * server's superuser, or DATABASE_URL (the same as `url`).
   */
  adminUrl: string;
  /** Closes the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

/** Chooses the database from config: DATABASE_URL when set, otherwise embedded under DATA_DIR/pg. */
export function databaseSource(config: { databaseUrl: string | undefined; dataDir: string; embeddedPgPort: number }): DatabaseSource {
  return config.databaseUrl
    ? { kind: 'external', url: config.databaseUrl }
    : { kind: 'embedded', dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort };
}

/**
 * Opens PostgreSQL (starting the embedded server when asked), applies pending
 * migrations and connects MikroORM. On any failure, whatever was started is stopped
 * again. Command-line tools pass `attachToRunning` to use the server of a running
 * service, and `migrate: false` to leave the schema as they find it.
 *
 * On the embedded server the ORM connects as the application's role (`bookchat_app`,
 * see app-role.ts: no superuser, no DDL) and migrations run as the superuser; tools
 * that back up, restore or migrate ask for `role: 'admin'`. With DATABASE_URL both are
 * that URL's role (the README says which role to give it).
 */
export async function openDatabase(
  source: DatabaseSource,
  logger: Logger,
  options: { attachToRunning?: boolean; migrate?: boolean; role?: 'app' | 'admin' } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  if (source.kind === 'embedded') {
    embedded = await startEmbeddedPostgres({ dir: source.dir, port: source.port, database: 'bookchat', logger, attachToRunning: options.attachToRunning ?? false });
  }
  try {
    const { adminUrl, appUrl } = source.kind === 'embedded' ? await embeddedRoles(embedded!, source.dir) : { adminUrl: source.url, appUrl: source.url };
    const url = options.role === 'admin' ? adminUrl : appUrl;
    if (source.kind === 'external' && options.role !== 'admin') await warnIfSuperuser(url, logger);
    if (options.migrate !== false && url !== adminUrl) {
      const admin = await MikroORM.init(ormOptions({ url: adminUrl, logger, poolMax: 1 }));
      try {
        await migrate(admin, logger);
      } finally {
        await admin.close();
      }
    }
    const orm = await MikroORM.init(ormOptions({ url, logger }));
    try {
      if (options.migrate !== false && url === adminUrl) await migrate(orm, logger);
    } catch (error) {
      await orm.close();
      throw error;
    }
    return {
      orm,
      kind: source.kind,
      url,
      adminUrl,
      async close() {
        await orm.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

interface RoleUrls {
  adminUrl: string;
  appUrl: string;
}

/** The embedded server's superuser, and the application's role (created or updated now). */
async function embeddedRoles(embedded: EmbeddedPostgres, dir: string): Promise<RoleUrls> {
  const password = await readOrCreatePassword(`${dir}-app-password`);
  await ensureAppRole(embedded.url, password);
  return { adminUrl: embedded.url, appUrl: embedded.urlAs(APP_ROLE, password) };
}

// With DATABASE_URL its role does everything. A superuser can read the server's files and
// its processes' environment: the README recommends a role that owns the database, no more.
async function warnIfSuperuser(url: string, logger: Logger): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ super: boolean }>('select rolsuper as super from pg_roles where rolname = current_user');
    if (rows[0]?.super) logger.warn('DATABASE_URL connects as a superuser: give BookChat a role that owns its database and is no superuser (see README, Configuration)');
  } finally {
    await client.end();
  }
}

/** The advisory lock migrations run under (see {@link migrate}). */
export const MIGRATION_LOCK = 'bookchat:migrations';

/**
 * Applies every pending migration, each in its own transaction, under an advisory
 * lock: processes started together (two web and a worker on a fresh database) take
 * turns, and the ones after the first find nothing pending.
 */
export async function migrate(orm: MikroORM, logger: Logger): Promise<string[]> {
  const applied = await withSessionAdvisoryLock(orm.config.get('clientUrl') ?? '', MIGRATION_LOCK, () => orm.migrator.up());
  if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  return applied.map((m) => m.name);
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function isDatabaseReachable(orm: MikroORM, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = orm.em
    .getConnection()
    .execute('select 1')
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
