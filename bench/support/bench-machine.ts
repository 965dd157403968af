import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine and the code a benchmark run measured, as bench/results.json records them. */
export interface BenchMachine {
  node: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the host slows every figure. */
  loadAverageAtStart: number[];
  /** `git rev-parse HEAD`, or null outside a checkout. */
  commit: string | null;
  /** Whether the working tree had uncommitted changes (the figures may not be the commit's). */
  uncommittedChanges: boolean | null;
}

function git(args: string[], cwd: string): string | null {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Reads the facts of this machine and of the checkout at `cwd`. */
export function benchMachine(cwd: string): BenchMachine {
  const cores = cpus();
  const status = git(['status', '--porcelain', '--untracked-files=no'], cwd);
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cores[0]?.model ?? 'unknown',
    cpuCount: cores.length,
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    commit: git(['rev-parse', 'HEAD'], cwd),
    uncommittedChanges: status === null ? null : status.length > 0,
  };
}
