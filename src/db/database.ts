import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { ormOptions } from './orm-config.ts';

/** Where the service's PostgreSQL comes from. */
export type DatabaseSource = { kind: 'external'; url: string } | { kind: 'embedded'; dir: string; port: number };

/** An open database: the ORM plus what it takes to close everything it started. */
export interface Database {
  orm: MikroORM;
  /** `embedded` when this process started the server itself. */
  kind: DatabaseSource['kind'];
  /** Connection URL (for components with their own pool, like the job runner). */
  url: string;
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
 * Opens PostgreSQL (starting the embedded server when asked), connects MikroORM and
 * applies pending migrations. On any failure, whatever was started is stopped again.
 * Command-line tools pass `attachToRunning` to use the server of a running service,
 * and `migrate: false` to leave the schema as they find it.
 */
export async function openDatabase(
  source: DatabaseSource,
  logger: Logger,
  options: { attachToRunning?: boolean; migrate?: boolean } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url: string;
  if (source.kind === 'embedded') {
    embedded = await startEmbeddedPostgres({ dir: source.dir, port: source.port, database: 'bookchat', logger, attachToRunning: options.attachToRunning ?? false });
    url = embedded.url;
  } else {
    url = source.url;
  }
  try {
    const orm = await MikroORM.init(ormOptions({ url, logger }));
    try {
      if (options.migrate !== false) await migrate(orm, logger);
    } catch (error) {
      await orm.close();
      throw error;
    }
    return {
      orm,
      kind: source.kind,
      url,
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

/** Applies every pending migration, each in its own transaction. */
export async function migrate(orm: MikroORM, logger: Logger): Promise<string[]> {
  const applied = await orm.migrator.up();
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
