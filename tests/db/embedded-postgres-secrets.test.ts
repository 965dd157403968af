import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../../src/db/app-role.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { osUser } from '../../src/db/data-dir.ts';
import { seedDemoBusiness } from '../../src/db/seed/demo-business.ts';
import { ensureFirstOwner } from '../../src/db/seed/first-owner.ts';
import { emAcrossBusinesses } from '../../src/db/tenant-scope.ts';
import { freePort } from '../support/free-port.ts';

const PROBE = 'SECRET_PROBE';
const PROBE_VALUE = 'xyz-must-not-reach-postgres';
let root: string;
let dataDir: string;
let database: Database;

// One embedded server, started the way the service starts it (openDatabase), with a
// secret in this process's environment.
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bookchat-secrets-'));
  // As root, the server runs as the OS user `postgres`, which must pass through the temp dir.
  await chmod(root, 0o755);
  dataDir = path.join(root, 'data');
  process.env[PROBE] = PROBE_VALUE;
  try {
    database = await openDatabase({ kind: 'embedded', dir: path.join(dataDir, 'pg'), port: await freePort() }, pino({ level: 'silent' }));
  } finally {
    delete process.env[PROBE];
  }
});
afterAll(async () => {
  await database?.close();
  await rm(root, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL keeps the service’s secrets', () => {
  it.runIf(process.platform === 'linux')('starts the server with a minimal environment: none of the service’s variables reach it', async () => {
    const pid = Number.parseInt((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
    const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter(Boolean);
    expect(environ.join('\n')).not.toContain(PROBE);
    expect(environ.join('\n')).not.toContain(PROBE_VALUE);
    const names = environ.map((entry) => entry.slice(0, entry.indexOf('=')));
    for (const name of names) expect(name).toMatch(/^(PATH|LANG|LC_\w+|TZ|PG_\w+)$/);
    expect(environ).toContain('TZ=UTC');
  });

  it('connects the application as a role that is no superuser: it cannot read the server’s files or environment', async () => {
    const connection = database.orm.em.getConnection();
    await expect(connection.execute("select pg_read_binary_file('/proc/self/environ')")).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('permission denied') });
    await expect(connection.execute("select pg_read_file('postmaster.pid')")).rejects.toMatchObject({ code: '42501' });
    const [who] = await connection.execute<{ role: string; super: boolean }[]>('select current_user as role, rolsuper as super from pg_roles where rolname = current_user');
    expect(who).toEqual({ role: APP_ROLE, super: false });
    // It owns nothing: the schema is the migrations' (the superuser's) to change.
    await expect(connection.execute('drop table booking')).rejects.toMatchObject({ code: '42501' });
    await expect(connection.execute('create table intruder (x int)')).rejects.toMatchObject({ code: '42501' });
  });

  it('lets the application do its work (seed, read and write rows) while the superuser URL stays for migrations and backups', async () => {
    const outcome = await emAcrossBusinesses(database.orm).transactional(async (em) => {
      const demo = await seedDemoBusiness(em);
      return ensureFirstOwner(em, { email: 'owner@example.com', password: 'a long enough password' }, demo.business, dataDir);
    });
    expect(outcome.kind).toBe('created');
    const [admin] = await query<{ role: string; super: boolean }>(database.adminUrl, 'select current_user as role, rolsuper as super from pg_roles where rolname = current_user');
    expect(admin).toEqual({ role: 'postgres', super: true });
    // Tables a migration adds later (created by the superuser) are the application's to use.
    await query(database.adminUrl, 'create table later_table (x int)');
    await database.orm.em.getConnection().execute('insert into later_table values (1)');
    await query(database.adminUrl, 'drop table later_table');
  });

  it('keeps DATA_DIR private (0700; 0710 to group postgres when the server runs as that OS user) and its files 0600', async () => {
    const info = await stat(dataDir);
    const server = process.getuid?.() === 0 ? await osUser('postgres') : undefined;
    if (server) {
      expect((info.mode & 0o777).toString(8)).toBe('710');
      expect(info.gid).toBe(server.gid);
    } else {
      expect((info.mode & 0o777).toString(8)).toBe('700');
    }
    const files = (await readdir(dataDir, { withFileTypes: true })).filter((entry) => entry.isFile());
    expect(files.map((f) => f.name).sort()).toEqual(expect.arrayContaining(['pg-app-password', 'pg-password']));
    for (const file of files) expect(((await stat(path.join(dataDir, file.name))).mode & 0o777).toString(8), file.name).toBe('600');
  });
});
