import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError } from '../../src/db/embedded-postgres-error.ts';
import { assertServedBy, claimServer, isAlive, type ServerClaim } from '../../src/db/embedded-server-owner.ts';

const roots: string[] = [];

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function scratchDir(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bookchat-owner-'));
  roots.push(root);
  return root;
}

/** Claims `ownerFile` from `count` racers at once, racer i asking for port 1000 + i. */
async function race(ownerFile: string, count: number): Promise<ServerClaim[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => claimServer(ownerFile, 1000 + i)));
}

async function deadPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  expect(isAlive(child.pid!)).toBe(false);
  return child.pid!;
}

function expectOneWinner(claims: ServerClaim[]): number {
  const winners = claims.flatMap((claim, i) => (claim.kind === 'claimed' ? [i] : []));
  expect(winners).toHaveLength(1);
  for (const claim of claims) if (claim.kind === 'owned') expect(claim.owner).toMatchObject({ pid: process.pid, port: 1000 + winners[0]! });
  return winners[0]!;
}

describe('claiming the embedded server of a data dir', () => {
  it('lets exactly one of many simultaneous claims win, tells the others who won, and is free again once released', async () => {
    const ownerFile = path.join(await scratchDir(), 'pg-owner');
    const claims = await race(ownerFile, 8);
    const winner = expectOneWinner(claims);
    expect(JSON.parse(await readFile(ownerFile, 'utf8'))).toMatchObject({ pid: process.pid, port: 1000 + winner });

    const won = claims[winner]!;
    if (won.kind === 'claimed') await won.release();
    await expect(readFile(ownerFile, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await readdir(path.dirname(ownerFile))).toEqual([]); // no drafts or locks left behind
    expectOneWinner(await race(ownerFile, 4));
  });

  const stale: Array<[string, () => Promise<string>]> = [
    ['a dead process', async () => JSON.stringify({ pid: await deadPid(), port: 5433 })],
    ['this very pid, from an earlier life (pids repeat in containers)', async () => JSON.stringify({ pid: process.pid, port: 5433, claim: 'earlier' })],
    ['this very pid, written by an older release', async () => JSON.stringify({ pid: process.pid, port: 5433 })],
    ['nothing readable', async () => 'not json'],
    ['nothing at all', async () => ''],
  ];
  it.each(stale)('replaces an owner file naming %s, still with exactly one winner', async (_, content) => {
    const ownerFile = path.join(await scratchDir(), 'pg-owner');
    await writeFile(ownerFile, await content());
    const winner = expectOneWinner(await race(ownerFile, 8));
    expect(JSON.parse(await readFile(ownerFile, 'utf8'))).toMatchObject({ pid: process.pid, port: 1000 + winner });
  });

  it('counts a live process as the owner, whatever its port', async () => {
    const ownerFile = path.join(await scratchDir(), 'pg-owner');
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      await writeFile(ownerFile, JSON.stringify({ pid: live.pid, port: 5433 }));
      expect(await claimServer(ownerFile, 1000)).toEqual({ kind: 'owned', owner: { pid: live.pid, port: 5433 } });
    } finally {
      live.kill('SIGKILL');
    }
  });
});

describe('checking that the server reached is our own', () => {
  const cases: Array<[string, string | undefined, number | undefined, boolean]> = [
    ['postmaster.pid names our postmaster', '4242\n/data/pg\n', 4242, true],
    ['postmaster.pid names another postmaster', '4343\n/data/pg\n', 4242, false],
    ['there is no postmaster.pid', undefined, 4242, false],
    ['our postmaster never got a pid', '4242\n/data/pg\n', undefined, false],
  ];
  it.each(cases)('%s', async (_, pidFile, ours, passes) => {
    const dir = await scratchDir();
    if (pidFile !== undefined) await writeFile(path.join(dir, 'postmaster.pid'), pidFile);
    const check = assertServedBy(dir, ours);
    if (passes) await expect(check).resolves.toBeUndefined();
    else await expect(check).rejects.toThrow(EmbeddedPostgresError);
  });
});
