import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { EmbeddedPostgresError } from './embedded-postgres.ts';

/** The BookChat process that claimed an embedded server: `DATA_DIR/pg-owner`. */
export const Owner = z.object({ pid: z.number().int().positive(), port: z.number().int().positive() });

/**
 * Who runs the server on this data dir: a live BookChat process that claimed it (its
 * server may still be starting), or — without one — an orphaned postmaster left by a
 * SIGKILLed run. Pids are checked to be what they claim (a node process; a postgres
 * serving this very directory), so a pid reused after a reboot is never signalled.
 */
export async function runningServer(dir: string, ownerFile: string): Promise<{ pid: number; owner?: z.infer<typeof Owner> } | undefined> {
  const owner = Owner.safeParse(await readFile(ownerFile, 'utf8').then(JSON.parse, () => null));
  if (owner.success && owner.data.pid !== process.pid && isAlive(owner.data.pid) && (await commandLineIncludes(owner.data.pid, 'node'))) {
    return { pid: owner.data.pid, owner: owner.data };
  }
  let pidFile: string[];
  try {
    pidFile = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(pidFile[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  if (path.resolve(pidFile[1] ?? '') !== path.resolve(dir) || !(await commandLineIncludes(pid, 'postgres'))) return undefined;
  return { pid };
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
