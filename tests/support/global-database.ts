/**
 * Vitest global setup for integration tests: one PostgreSQL server per run — the one
 * at TEST_DATABASE_URL when set, otherwise an embedded server in a temp dir — shared
 * by all test files, each of which creates its own fresh database on it.
 */
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { withFreePort } from './free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server, for creating per-file databases. */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['TEST_DATABASE_URL'];
  let stop = async () => {};
  let adminUrl: string;
  let label: string;
  if (external) {
    adminUrl = external;
    label = `TEST_DATABASE_URL (${new URL(external).host})`;
  } else {
    const root = await mkdtemp(path.join(tmpdir(), 'bookchat-test-pg-'));
    await chmod(root, 0o755);
    const server = await withFreePort((port) => startEmbeddedPostgres({ dir: path.join(root, 'pg'), port, database: 'postgres', logger: pino({ level: 'warn' }) }));
    adminUrl = server.url;
    label = 'embedded PostgreSQL';
    stop = async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    };
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query<{ version: string }>('select version()');
  await client.end();
  console.log(`[tests] database server: ${label} — ${rows[0]?.version ?? 'unknown version'}`);
  project.provide('pgAdminUrl', adminUrl);
  return stop;
}
