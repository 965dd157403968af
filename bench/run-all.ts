/**
 * `npm run bench`: runs every benchmark under bench/<name>/run.ts one after another
 * (never in parallel, so they do not disturb each other's figures), or only those
 * named on the command line: `npm run bench -- slots`. Each benchmark prints its table
 * and records its headline figures (bench/support/bench-results.ts) in a file named by
 * BENCH_RESULTS_FILE; they are gathered into bench/results.json with the machine's facts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { benchMachine } from './support/bench-machine.ts';
import { BENCH_RESULTS_FILE_ENV, BenchFigureSchema, type BenchFigure } from './support/bench-results.ts';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const names = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(here, entry.name, 'run.ts')))
  .map((entry) => entry.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

if (names.length === 0) {
  console.error(wanted.length ? `No benchmark named ${wanted.join(', ')}` : 'No benchmarks found');
  process.exit(1);
}

/** A benchmark's figures as its process left them; a missing or unreadable file gives none. */
function readFigures(file: string, name: string): BenchFigure[] {
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`bench/${name}: its recorded figures are not JSON, left out of results.json: ${String(error)}`);
    return [];
  }
  const parsed = z.array(BenchFigureSchema).safeParse(json);
  if (!parsed.success) console.error(`bench/${name}: its recorded figures are malformed, left out of results.json: ${parsed.error.message}`);
  return parsed.success ? parsed.data : [];
}

const machine = benchMachine(here);
const startedAt = new Date().toISOString();
const scratch = mkdtempSync(path.join(tmpdir(), 'bookchat-bench-results-'));
const benches: { name: string; exit: number | string; seconds: number; figures: BenchFigure[] }[] = [];
let failed = false;
for (const name of names) {
  console.log(`\n=== bench/${name} ===`);
  const file = path.join(scratch, `${name}.json`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [path.join(here, name, 'run.ts')], { stdio: 'inherit', env: { ...process.env, [BENCH_RESULTS_FILE_ENV]: file } });
  if (result.status !== 0) {
    console.error(`bench/${name} failed (exit ${result.status ?? result.signal})`);
    failed = true;
  }
  benches.push({ name, exit: result.status ?? result.signal ?? 'unknown', seconds: Math.round((performance.now() - t0) / 100) / 10, figures: readFigures(file, name) });
}
rmSync(scratch, { recursive: true, force: true });
const output = path.join(here, 'results.json');
writeFileSync(output, JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), machine, benches }, null, 2) + '\n');
console.log(`\nfigures written to ${path.relative(process.cwd(), output)}`);
process.exit(failed ? 1 : 0);
