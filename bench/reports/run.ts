// Reports benchmark: `node bench/reports/run.ts` (also run by `npm run bench`).
// A year of 100,000 bookings (20 staff, seeded, bulk-inserted), then each report's use
// case over the whole year — the longest range the panel allows — timed as the median
// of a few runs, beside the in-run reference: one plain `select count(*)` over the same
// rows (the business's bookings in the range). Target: each report ≤ 1 s.
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import { bookingsReport } from '../../src/app/reports/bookings-report.ts';
import { customersReport } from '../../src/app/reports/customers-report.ts';
import { financeReport } from '../../src/app/reports/finance-report.ts';
import { reportRange } from '../../src/app/reports/report-range.ts';
import { revenueReport } from '../../src/app/reports/revenue-report.ts';
import { revenueRows } from '../../src/app/reports/revenue-rows.ts';
import { staffReport } from '../../src/app/reports/staff-report.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { median, openBenchDatabase } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';
import { seedYear } from './seeded-year.ts';

const BOOKINGS = 100_000;
const WARMUP = 1;
const RUNS = 5;
const TARGET_MS = 1000;

async function time<T>(fn: () => Promise<T>): Promise<{ median: number; result: T }> {
  let result = await fn();
  for (let i = 1; i < WARMUP; i += 1) result = await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    result = await fn();
    samples.push(performance.now() - t0);
  }
  return { median: median(samples), result };
}

const db = await openBenchDatabase(10);
try {
  const t0 = performance.now();
  const year = await seedYear(db.orm, BOOKINGS);
  const seedMs = performance.now() - t0;
  const ctx: UseCaseContext = { orm: db.orm, now: () => Date.parse('2031-01-15T12:00:00Z'), conversations: postgresConversationStore(db.orm) };
  const range = await reportRange(ctx, year.businessId, { from: year.from, to: year.to });

  const connection = db.orm.em.getConnection();
  const reference = await time(async () => {
    const [row] = await connection.execute<{ n: number }[]>('select count(*)::int as n from booking where business_id = ? and starts_at >= ? and starts_at < ?', [year.businessId, range.fromInstant, range.toInstant]);
    return row?.n ?? 0;
  });

  const reports: [string, () => Promise<string>][] = [
    ['bookings (per day, rates, heatmap, channels)', async () => `${(await bookingsReport(ctx, range)).totals.booked} booked`],
    ['revenue (by service, by staff, popularity)', async () => `${(await revenueReport(ctx, range)).byService.length} services`],
    ['customers (new vs returning)', async () => `${(await customersReport(ctx, range)).newCustomers} new`],
    ['staff (utilisation, hours, visits, rating)', async () => `${(await staffReport(ctx, range)).length} staff`],
    ['finance (methods, expenses, profit)', async () => `${(await financeReport(ctx, range)).profit.length} months`],
    [
      'revenue CSV rows (cursor, all rows)',
      async () => {
        let n = 0;
        for await (const _row of revenueRows(ctx, range)) n += 1;
        return `${n} rows`;
      },
    ],
  ];
  const rows: string[][] = [];
  let worst = 0;
  for (const [name, run] of reports) {
    const measured = await time(run);
    worst = Math.max(worst, measured.median);
    record({
      bench: 'reports',
      figure: `${name}, 365 days: median`,
      value: measured.median,
      unit: 'ms',
      reference: { name: `select count(*) over the same ${reference.result} rows, median`, value: reference.median, unit: 'ms' },
      target: `≤ ${TARGET_MS} ms`,
      met: measured.median <= TARGET_MS,
    });
    rows.push([name, measured.result, measured.median.toFixed(1), (measured.median / reference.median).toFixed(1) + '×']);
  }

  const header = ['report over 365 days', 'result', 'median ms', 'vs count(*)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(`bench/reports — Node ${process.version}, ${db.label}; ${year.bookings} bookings seeded in ${(seedMs / 1000).toFixed(1)} s; median of ${RUNS} runs after ${WARMUP} warm-up`);
  console.log(`reference: select count(*) over the same ${reference.result} rows: ${reference.median.toFixed(1)} ms`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log(`target: each report ≤ ${TARGET_MS} ms` + (worst > TARGET_MS ? ' (NOT met)' : ' (met)'));
} finally {
  await db.close();
}
