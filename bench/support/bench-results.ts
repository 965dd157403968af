import { writeFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The environment variable through which `bench/run-all.ts` tells each benchmark process
 * where to write its figures. Unset (a benchmark run alone), {@link record} writes nothing.
 */
export const BENCH_RESULTS_FILE_ENV = 'BENCH_RESULTS_FILE';

/** One headline figure of a benchmark, as the file between a benchmark and run-all holds it. */
export const BenchFigureSchema = z.object({
  /** The benchmark's folder name under bench/ (`slots`, `booking`…). */
  bench: z.string().min(1),
  /** What was measured, as the printed table names it. */
  figure: z.string().min(1),
  value: z.number(),
  /** `ms`, `bookings/s`, `MiB`… */
  unit: z.string().min(1),
  /** The in-run reference it stands beside: measured on the same machine in the same run. */
  reference: z.object({ name: z.string().min(1), value: z.number(), unit: z.string().min(1) }),
  /** The figure against its reference, as the benchmark states it (a share, or "× the reference"). */
  ratio: z.number().optional(),
  /** The target, in the words of bench/README.md. */
  target: z.string().optional(),
  /** Whether the target was met; absent where the benchmark states no verdict. */
  met: z.boolean().optional(),
});

/** One headline figure of a benchmark beside its in-run reference. */
export type BenchFigure = z.infer<typeof BenchFigureSchema>;

const recorded: BenchFigure[] = [];

/**
 * Records a headline figure beside the printed table. Without a ratio, the figure over
 * its reference is taken when both have the same unit. The whole list is rewritten on
 * every call, so a benchmark that fails later keeps what it had already measured.
 */
export function record(figure: BenchFigure): void {
  const ratio = figure.ratio ?? (figure.unit === figure.reference.unit && figure.reference.value !== 0 ? figure.value / figure.reference.value : undefined);
  recorded.push(ratio === undefined ? figure : { ...figure, ratio });
  const file = process.env[BENCH_RESULTS_FILE_ENV];
  if (file) writeFileSync(file, JSON.stringify(recorded, null, 2) + '\n');
}
