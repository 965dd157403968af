import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { migrate } from '../../src/db/database.ts';
import { ormOptions } from '../../src/db/orm-config.ts';

/** A database of its own for one test file, migrated to the latest schema. */
export interface TestDatabase {
  orm: MikroORM;
  url: string;
  name: string;
  /** Closes the ORM and drops the database. */
  drop(): Promise<void>;
  /** Drops the database under the open ORM (to test an unreachable database). */
  dropDatabaseOnly(): Promise<void>;
}

/** Creates a fresh, migrated database on the run's server (see global-database.ts), or on the server at `adminUrl`. */
export async function createTestDatabase(options: { poolMax?: number; migrate?: boolean; adminUrl?: string } = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? inject('pgAdminUrl');
  const name = `bookchat_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const logger = pino({ level: 'silent' });
  const orm = await MikroORM.init(ormOptions({ url, logger, poolMax: options.poolMax ?? 10 }));
  if (options.migrate !== false) await migrate(orm, logger);
  return {
    orm,
    url,
    name,
    async drop() {
      await orm.close(true);
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
    async dropDatabaseOnly() {
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on the server as its administrator (`create database`, `drop database`). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
