import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { EmbeddedPostgresError } from '../../src/db/embedded-postgres-error.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { isAlive } from '../support/service-process.ts';
import { freePort, withFreePort } from '../support/free-port.ts';

const logger = pino({ level: 'silent' });
const roots: string[] = [];

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function scratchDir(extra = ''): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bookchat-epg-'));
  roots.push(root);
  // As root, the server runs as the OS user `postgres`, which must reach the data dir.
  await chmod(root, 0o755);
  const parent = path.join(root, extra);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  return path.join(parent, 'pg');
}

async function serverAddress(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ addr: string | null }>('select host(inet_server_addr()) as addr')).rows[0]!.addr;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('is reached through a Unix socket in its data dir, keeps 127.0.0.1 open, and restarts over lock files a SIGKILLed server left', async () => {
    const dir = await scratchDir();
    const { port, first } = await withFreePort(async (port) => ({ port, first: await startEmbeddedPostgres({ dir, port, database: 'bookchat', logger }) }));
    onTestFinished(() => first.stop());
    const url = new URL(first.url);
    expect(decodeURIComponent(url.hostname)).toBe(dir);
    expect(await serverAddress(first.url)).toBeNull(); // no IP address: a Unix socket
    url.hostname = '127.0.0.1';
    expect(await serverAddress(url.toString())).toBe('127.0.0.1');

    // Kill the server hard; its pid then "belongs" to a live process (as after a pid reuse).
    const pid = Number.parseInt((await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 200 && isAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    // As after a SIGKILLed service: its owner file names a process that is gone.
    await first.stop();
    await writeFile(`${dir}-owner`, JSON.stringify({ pid, port }));
    // A live process the server's own user could signal (PostgreSQL takes a lock file
    // whose pid it may not signal, or that is its parent's, for stale).
    const asServerUser = userInfo().uid === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
    const stranger = spawn('sleep', ['60'], { ...asServerUser, stdio: 'ignore' });
    onTestFinished(() => void stranger.kill('SIGKILL'));
    const lock = path.join(dir, `.s.PGSQL.${port}.lock`);
    const lines = (await readFile(lock, 'utf8')).split('\n');
    await writeFile(lock, [String(stranger.pid), ...lines.slice(1)].join('\n'));

    const second = await startEmbeddedPostgres({ dir, port, database: 'bookchat', logger });
    onTestFinished(() => second.stop());
    expect(await serverAddress(second.url)).toBeNull();
  });

  it('uses TCP only when the data dir is too deep for a socket path', async () => {
    const dir = await scratchDir('d'.repeat(60) + '/' + 'e'.repeat(60));
    const server = await withFreePort((port) => startEmbeddedPostgres({ dir, port, database: 'bookchat', logger }));
    onTestFinished(() => server.stop());
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(await serverAddress(server.url)).toBe('127.0.0.1');
  });

  it('of two services started at once on one data dir, exactly one runs the server and owns it; the other is told who does', async () => {
    const dir = await scratchDir();
    const initialised = await withFreePort((port) => startEmbeddedPostgres({ dir, port, database: 'bookchat', logger }));
    await initialised.stop();

    const ports = [await freePort(), await freePort()];
    const results = await Promise.allSettled(ports.map((port) => startEmbeddedPostgres({ dir, port, database: 'bookchat', logger })));
    for (const result of results) if (result.status === 'fulfilled') onTestFinished(() => result.value.stop());
    const winners = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const losers = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(winners).toHaveLength(1);
    expect(losers[0]).toBeInstanceOf(EmbeddedPostgresError);
    expect(String(losers[0])).toContain(`BookChat (pid ${process.pid}) is already running`);

    const winner = winners[0]!;
    const port = Number(new URL(winner.url).port);
    expect(JSON.parse(await readFile(`${dir}-owner`, 'utf8'))).toMatchObject({ pid: process.pid, port });
    expect(await serverAddress(winner.url)).toBeNull();
    await winner.stop();
    await expect(readFile(`${dir}-owner`, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
