import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import pino from 'pino';
import { migrate } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { ormOptions } from '../../src/db/orm-config.ts';
import { freePort } from '../../tests/support/free-port.ts';

/** A fresh, migrated database for one benchmark run, and how to throw it away. */
export interface BenchDatabase {
  orm: MikroORM;
  /** Which server: embedded or BENCH_DATABASE_URL, with its version. */
  label: string;
  close(): Promise<void>;
}

/**
 * Opens a scratch database: on BENCH_DATABASE_URL's server when set (a superuser URL),
 * otherwise on an embedded PostgreSQL in a temp dir that is removed afterwards.
 */
export async function openBenchDatabase(poolMax: number): Promise<BenchDatabase> {
  const logger = pino({ level: 'warn' });
  let adminUrl = process.env['BENCH_DATABASE_URL'];
  let stopServer = async () => {};
  if (!adminUrl) {
    const root = await mkdtemp(path.join(tmpdir(), 'bookchat-bench-'));
    await chmod(root, 0o755);
    const server = await startEmbeddedPostgres({ dir: path.join(root, 'pg'), port: await freePort(), database: 'postgres', logger });
    adminUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    };
  }
  const name = `bookchat_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init(ormOptions({ url: url.toString(), logger, poolMax }));
  await migrate(orm, logger);
  return {
    orm,
    label: `${process.env['BENCH_DATABASE_URL'] ? 'BENCH_DATABASE_URL' : 'embedded'} PostgreSQL ${version}`,
    async close() {
      await orm.close(true);
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      await stopServer();
    },
  };
}

/** Median of a sample. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
