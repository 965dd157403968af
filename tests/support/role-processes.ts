import { rm } from 'node:fs/promises';
import type { ProcessRole } from '../../src/process-role.ts';
import { freePort } from './free-port.ts';
import { makeDataDir, startOnFreePorts, startService, type ServiceProcess } from './service-process.ts';

/** What the service prints once it serves. */
export const SERVICE_READY = 'BookChat is running at';

// Several processes starting at once on a small, busy machine each take a while to load.
const START_TIMEOUT_MS = 120_000;

/** One process of a scaled-out service: its role, its child process and where it listens. */
export interface RoleProcess {
  role: ProcessRole;
  service: ServiceProcess;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/**
 * Processes of one service (any roles) as children of the test, all with the same
 * environment (the database, APP_SECRET…) plus each one's own. Each gets its own
 * DATA_DIR and a free PORT, and is started again on another port when one was taken.
 */
export interface RoleProcesses {
  /** Starts a process of `role` and waits until it serves. */
  start(role: ProcessRole, env?: Record<string, string>): Promise<RoleProcess>;
  /** SIGKILL: the process dies at once, mid-whatever it was doing. Resolves once it has exited. */
  kill(process: RoleProcess): Promise<void>;
  /** Every process started, in order. */
  all(): readonly RoleProcess[];
  /** SIGTERM to every process still running (SIGKILL after `graceMs`), then removes their data dirs. */
  stopAll(graceMs?: number): Promise<void>;
}

/** Processes sharing `sharedEnv` (see {@link RoleProcesses}). */
export function roleProcesses(sharedEnv: Record<string, string>): RoleProcesses {
  const started: RoleProcess[] = [];
  const dirs: string[] = [];
  const running = (p: RoleProcess) => p.service.child.exitCode === null && p.service.child.signalCode === null;
  return {
    async start(role, env = {}) {
      const dataDir = await makeDataDir();
      dirs.push(dataDir);
      return startOnFreePorts(async () => {
        const port = await freePort();
        const service = startService({ ...sharedEnv, ...env, ROLE: role, PORT: String(port), DATA_DIR: dataDir });
        const started_ = { role, service, port, url: `http://127.0.0.1:${port}` };
        started.push(started_);
        return started_;
      }, SERVICE_READY, undefined, START_TIMEOUT_MS);
    },
    async kill(process) {
      if (running(process)) process.service.child.kill('SIGKILL');
      await process.service.exited;
    },
    all: () => started,
    async stopAll(graceMs = 20_000) {
      const live = started.filter(running);
      for (const p of live) p.service.child.kill('SIGTERM');
      await Promise.all(
        live.map(async (p) => {
          const timer = setTimeout(() => p.service.child.kill('SIGKILL'), graceMs);
          await p.service.exited;
          clearTimeout(timer);
        }),
      );
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The service's error and warning log lines (pino JSON), as `n× message: error` per distinct pair, for a failing test to show. */
export function serviceErrors(output: string): string {
  const lines = output.split('\n').filter((line) => line.includes('"level":50') || line.includes('"level":40'));
  const counts = new Map<string, number>();
  for (const line of lines) {
    let parsed: { msg?: string; err?: { type?: string; message?: string; code?: string } };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      parsed = { msg: line };
    }
    const text = `${parsed.msg ?? ''}: ${parsed.err?.type ?? ''} ${parsed.err?.message ?? ''}${parsed.err?.code ? ` (${parsed.err.code})` : ''}`;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, n]) => `${n}× ${text}`).join('\n');
}
