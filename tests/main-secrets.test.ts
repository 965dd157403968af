import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.ts';
import { isAlive, makeDataDir, postmasterPid, startService, waitForOutput, type ServiceProcess } from './support/service-process.ts';

const ADMIN_PASSWORD = 'supplied-owner-password-4711';
let service: ServiceProcess | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  if (dataDir) {
    const pid = await postmasterPid(dataDir);
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('npm start keeps its secrets', () => {
  it('names where the owner password is (the ADMIN_PASSWORD you set), never the password, and serves through the application role only', async () => {
    dataDir = await makeDataDir();
    const pgPort = await freePort();
    service = startService({ DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort), ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD });
    await waitForOutput(service, 'BookChat is running at');
    expect(service.output()).toContain('Owner login: boss@example.com (password: the ADMIN_PASSWORD you set)');
    expect(service.output()).not.toContain(ADMIN_PASSWORD);

    // Every connection the running service holds to its database is the application's role.
    const superuser = (await readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
    const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: superuser, database: 'postgres' });
    await client.connect();
    try {
      const { rows } = await client.query<{ role: string }>("select distinct usename as role from pg_stat_activity where datname = 'bookchat' and pid <> pg_backend_pid()");
      expect(rows.map((r) => r.role)).toEqual(['bookchat_app']);
    } finally {
      await client.end();
    }
  });
});
