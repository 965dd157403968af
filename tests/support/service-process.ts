import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPortClash } from './free-port.ts';
export { isAlive } from '../../src/db/embedded-server-owner.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A BookChat service started as a child process, with its output collected. */
export interface ServiceProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/** A temp DATA_DIR the OS user `postgres` can pass through (needed when tests run as root). */
export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bookchat-main-'));
  await chmod(dir, 0o755);
  return dir;
}

/** Starts `node src/main.ts` (or another entry point) with `env` added to a minimal environment. */
export function startService(env: Record<string, string>, args: string[] = ['src/main.ts']): ServiceProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => output, exited };
}

/** Waits until the output contains `text`, failing early if the process exits. */
export async function waitForOutput(service: ServiceProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (!service.output().includes(text)) {
    if (exited) throw new Error(`service exited before printing "${text}":\n${service.output()}`);
    if (Date.now() > deadline) throw new Error(`service did not print "${text}" in time:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a service (`start` picks its ports with `freePort()`) and waits for `ready`.
 * When one of its ports was taken between the pick and its bind, the attempt is
 * stopped (a service failing its start-up may linger) and the service started again
 * on new ports; any other failure fails as usual.
 */
export async function startOnFreePorts<T extends { service: ServiceProcess }>(start: () => Promise<T>, ready: string, attempts = 5, timeoutMs = 60_000): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const started = await start();
    const { service } = started;
    let exited = false;
    void service.exited.then(() => (exited = true));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const output = service.output();
      if (output.includes(ready)) return started;
      if (isPortClash(output) && attempt < attempts) break;
      if (exited) throw new Error(`service exited before printing "${ready}":\n${output}`);
      if (Date.now() > deadline) throw new Error(`service did not print "${ready}" in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!exited) service.child.kill('SIGKILL');
    await service.exited;
  }
}

/** The pid in the embedded cluster's postmaster.pid, or undefined when there is none. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  try {
    const text = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
    return Number.parseInt(text.split('\n')[0] ?? '', 10);
  } catch {
    return undefined;
  }
}
