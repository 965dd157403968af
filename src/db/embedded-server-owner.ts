import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';

/** The BookChat process that claimed an embedded server: `DATA_DIR/pg-owner`. */
export const Owner = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  /** Tells claims of one pid apart: two starts in one process, or a stale file naming a reused pid. */
  claim: z.string().optional(),
});
export type Owner = z.infer<typeof Owner>;

/** The outcome of claiming a data dir's server: ours (until released), or a live owner's. */
export type ServerClaim = { kind: 'claimed'; release(): Promise<void> } | { kind: 'owned'; owner: Owner };

// The claims this process holds, by token.
const heldHere = new Set<string>();

/**
 * Claims the embedded server of a data dir for this process, atomically: the owner file
 * is written aside and hard-linked into place, which fails when the file exists, so it
 * appears complete or not at all and of two services started at once exactly one wins.
 * A file left by a dead owner (a SIGKILLed run) is removed first. Owners are checked to
 * be what they claim (a live node process), so a pid reused after a reboot owns nothing.
 */
export async function claimServer(ownerFile: string, port: number): Promise<ServerClaim> {
  const claim = randomBytes(9).toString('base64url');
  const draft = `${ownerFile}.${claim}`;
  await writeFile(draft, JSON.stringify({ pid: process.pid, port, claim }), { mode: 0o600, flag: 'wx' });
  heldHere.add(claim);
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      if (await linkExclusive(draft, ownerFile)) return { kind: 'claimed', release: () => releaseClaim(ownerFile, claim) };
      const owner = await liveOwner(ownerFile);
      if (owner) {
        heldHere.delete(claim);
        return { kind: 'owned', owner };
      }
      await removeDeadClaim(ownerFile);
    }
    throw new EmbeddedPostgresError(`Could not claim the embedded PostgreSQL: ${ownerFile} keeps coming back. Is a process stuck removing it?`);
  } catch (error) {
    heldHere.delete(claim);
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

// Two processes that both found a dead owner's file could otherwise both remove it, the
// second removing the claim the first had just made: removals take turns under a lock
// directory, and the file is judged again under it (nothing else replaces a dead claim).
async function removeDeadClaim(ownerFile: string): Promise<void> {
  const lock = `${ownerFile}.lock`;
  try {
    await mkdir(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Held for a moment only; an old one was left by a process killed while holding it.
    const age = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
    if (age > 10_000) await rm(lock, { recursive: true, force: true });
    await sleep(10);
    return;
  }
  try {
    if ((await exists(ownerFile)) && !(await liveOwner(ownerFile))) await rm(ownerFile, { force: true });
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function releaseClaim(ownerFile: string, claim: string): Promise<void> {
  if (!heldHere.delete(claim)) return;
  if ((await readOwner(ownerFile))?.claim === claim) await rm(ownerFile, { force: true });
}

/** The live BookChat process that claimed the server (its server may still be starting), if any. */
async function liveOwner(ownerFile: string): Promise<Owner | undefined> {
  const owner = await readOwner(ownerFile);
  if (!owner) return undefined;
  const live =
    owner.pid === process.pid ? owner.claim !== undefined && heldHere.has(owner.claim) : isAlive(owner.pid) && (await commandLineIncludes(owner.pid, 'node'));
  return live ? owner : undefined;
}

async function readOwner(ownerFile: string): Promise<Owner | undefined> {
  const text = await readFile(ownerFile, 'utf8').catch(() => '');
  try {
    const owner = Owner.safeParse(JSON.parse(text));
    return owner.success ? owner.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pid of a postmaster serving `dir` while no BookChat process owns it: an orphan left
 * by a SIGKILLed run. Checked to be a postgres serving this very directory, so a pid
 * reused after a reboot is never signalled.
 */
export async function orphanedServer(dir: string): Promise<number | undefined> {
  const [pid, dataDir] = await readPostmasterPid(dir);
  if (pid === undefined || !isAlive(pid)) return undefined;
  if (path.resolve(dataDir ?? '') !== path.resolve(dir) || !(await commandLineIncludes(pid, 'postgres'))) return undefined;
  return pid;
}

/**
 * Fails unless `postmaster.pid` names our own postmaster: the server we just reached
 * could otherwise be another one on this data dir (a second service claiming it at the
 * same moment), and PostgreSQL refuses a second postmaster.
 */
export async function assertServedBy(dir: string, pid: number | undefined): Promise<void> {
  const [holder] = await readPostmasterPid(dir);
  if (pid !== undefined && holder === pid) return;
  throw new EmbeddedPostgresError(
    `Another PostgreSQL server${holder === undefined ? '' : ` (pid ${holder})`} runs on ${dir}, so ours did not start. Is another BookChat starting on the same DATA_DIR? Stop it first, or point DATA_DIR elsewhere.`,
  );
}

// postmaster.pid starts with the postmaster's pid and its data dir, one a line.
async function readPostmasterPid(dir: string): Promise<[pid: number | undefined, dataDir: string | undefined]> {
  const [firstLine, dataDir] = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number.parseInt(firstLine ?? '', 10);
  return [Number.isInteger(pid) && pid > 0 ? pid : undefined, dataDir];
}

// Linux: /proc/<pid>/cmdline. Elsewhere there is nothing to check against: trust the pid.
async function commandLineIncludes(pid: number, word: string): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(word);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !(await exists('/proc/self'));
  }
}

// After the parent was SIGKILLed the server stays up; stop it before starting anew.
export async function stopOrphan(pid: number, dir: string, logger: Logger): Promise<void> {
  logger.warn({ pid }, 'stopping an orphaned embedded PostgreSQL left by a previous run');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 20_000) process.kill(pid, 'SIGKILL');
    if (waited > 30_000) throw new EmbeddedPostgresError(`Orphaned PostgreSQL (pid ${pid}) in ${dir} does not stop.`);
    await sleep(100);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the path exists. */
export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
