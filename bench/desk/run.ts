// Desk benchmark: `npm run bench -- desk` (also run by `npm run bench`).
//
// 1. The calendar page, served by the real panel (buildHttpServer, signed in as the
//    owner, requests through `app.inject`), for a day of all 20 specialists on the
//    busiest day of 10,000 seeded bookings and for a week of the busiest specialist.
//    The route's work — its handler: deskCalendar, calendarGrid and the eta view with
//    its layout — is timed by a preHandler → onSend hook pair around it; the median of
//    RUNS rounds after WARMUP (a round times every figure once, so a busy machine slows
//    them alike), beside the in-run reference: the calendar's statement
//    (CALENDAR_FACTS) run alone for the same range. Target: the route ≤ 2× that SQL.
//    Also shown: the whole request (session and user read by the guard included), a
//    plain signed-in page (the account page) as the floor of any request, deskCalendar
//    and calendarGrid alone, and the route with templates not cached (NODE_ENV unset:
//    @fastify/view then compiles every template on every request).
// 2. The bookings CSV of a year of 100,000 bookings (a second business) downloaded over
//    real HTTP (app.listen on 127.0.0.1, read as it arrives) while this process's memory
//    is sampled every 50 ms, beside the reference: the same CSV built whole in memory.
//    Each twice: as it runs, and with garbage collected before each sample (every
//    250 ms), which shows what is alive rather than what the collector has not reached.
import { DateTime } from 'luxon';
import pino from 'pino';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { calendarGrid } from '../../src/admin/panel/calendar-grid.ts';
import type { PanelDeps } from '../../src/admin/panel/panel-deps.ts';
import { CALENDAR_FACTS } from '../../src/app/front-desk/calendar-sql.ts';
import { deskCalendar } from '../../src/app/front-desk/desk-calendar.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import { MembershipSchema, UserSchema } from '../../src/db/entities/index.ts';
import { runSql } from '../../src/db/sql-statement.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { panelClient, TEST_PASSWORD, testPasswordHash } from '../../tests/support/panel-harness.ts';
import { seedYear } from '../reports/seeded-year.ts';
import { median, openBenchDatabase } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';
import { buildInMemory, downloadOverHttp, type MemoryRun, type Sampling } from './csv-memory.ts';
import { seedWeeks, type SeededWeeks } from './seeded-weeks.ts';

const BOOKINGS = 10_000;
const YEAR_BOOKINGS = 100_000;
const WARMUP = 3;
const RUNS = 15;
const TARGET_RATIO = 2;
const MIB = 1024 * 1024;
const OWNER = { email: 'owner@desk.bench', password: TEST_PASSWORD };

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

const ms = (x: number) => `${x.toFixed(2)} ms`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;
const memoryLine = (r: MemoryRun) =>
  `RSS ${mib(r.before.rss)} before, ${mib(r.peak.rss)} peak (+${mib(r.peak.rss - r.before.rss)}), ${mib(r.after.rss)} after; ` +
  `heap ${mib(r.before.heap)} → peak ${mib(r.peak.heap)} (+${mib(r.peak.heap - r.before.heap)}) → ${mib(r.after.heap)} after`;

/**
 * The panel as the service builds it, signed in as the owner, with the time its last
 * route handler took (preHandler to onSend: the route's own work, no guard) recorded.
 */
async function signedInPanel(deps: PanelDeps, production: boolean) {
  // @fastify/view reads NODE_ENV when the panel registers it: production caches compiled templates.
  const previous = process.env['NODE_ENV'];
  if (production) process.env['NODE_ENV'] = 'production';
  else delete process.env['NODE_ENV'];
  const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, panel: deps });
  const started = new WeakMap<object, number>();
  let handlerMs = Number.NaN;
  app.addHook('preHandler', async (request) => void started.set(request, performance.now()));
  app.addHook('onSend', async (request) => {
    const t0 = started.get(request);
    if (t0 !== undefined) handlerMs = performance.now() - t0;
  });
  await app.ready();
  if (previous === undefined) delete process.env['NODE_ENV'];
  else process.env['NODE_ENV'] = previous;
  const client = panelClient(app);
  await client.get('/admin/sign-in');
  const signedIn = await client.post('/admin/sign-in', OWNER);
  if (signedIn.statusCode !== 303) throw new Error(`sign-in answered ${signedIn.statusCode}`);
  return { app, client, handlerMs: () => handlerMs };
}

const db = await openBenchDatabase(10);
try {
  const t0 = performance.now();
  const weeks = await seedWeeks(db.orm, BOOKINGS);
  const year = await seedYear(db.orm, YEAR_BOOKINGS);
  await db.orm.em.getConnection().execute('analyze');
  const seedMs = performance.now() - t0;

  const em = emAcrossBusinesses(db.orm).fork();
  const user = em.create(UserSchema, { email: OWNER.email, name: 'Bench owner', passwordHash: await testPasswordHash() });
  for (const businessId of [weeks.businessId, year.businessId]) em.create(MembershipSchema, { business: businessId, user, role: 'owner' });
  await em.flush();
  const ctx: UseCaseContext = { orm: db.orm, now: () => weeks.now, conversations: postgresConversationStore(db.orm) };
  const deps: PanelDeps = { ctx, translator: await createTranslator(await loadMessages()), appSecret: 'desk-bench-secret-0123456789abcdef', publicUrl: 'http://127.0.0.1', signInsPerMinute: 10_000 };
  const panel = await signedInPanel(deps, true);
  const uncached = await signedInPanel(deps, false);

  // --- 1. The calendar page ---
  const zone = weeks.zone;
  const dayStart = DateTime.fromISO(weeks.busiestDay.date, { zone });
  const weekStart = dayStart.startOf('week');
  const cases = [
    {
      name: `day, ${weeks.staffIds.length} specialists`,
      url: `/admin/b/${weeks.slug}/calendar?date=${weeks.busiestDay.date}`,
      input: { view: 'day' as const, date: weeks.busiestDay.date },
      range: { from: dayStart, until: dayStart.plus({ days: 1 }) },
      lane: null,
      expected: weeks.busiestDay.bookings,
    },
    {
      name: 'week, one specialist',
      url: `/admin/b/${weeks.slug}/calendar?view=week&date=${weeks.busiestDay.date}&lane=${weeks.busiestWeekLane.staffId}`,
      input: { view: 'week' as const, date: weeks.busiestDay.date, laneId: weeks.busiestWeekLane.staffId },
      range: { from: weekStart, until: weekStart.plus({ weeks: 1 }) },
      lane: weeks.busiestWeekLane.staffId,
      expected: weeks.busiestWeekLane.bookings,
    },
  ];
  const floor = await time(async () => (await panel.client.get('/admin/account')).statusCode);
  const calendarLines: string[] = [];
  let worstRatio = 0;
  for (const c of cases) {
    // One round measures every figure once, so a busy machine slows them alike; the ratio is taken per round.
    const series = { sql: [] as number[], route: [] as number[], request: [] as number[], useCase: [] as number[], grid: [] as number[], uncached: [] as number[], ratio: [] as number[] };
    let body = '';
    let status = 0;
    let cells = 0;
    for (let round = 0; round < WARMUP + RUNS; round += 1) {
      const tSql = performance.now();
      await runSql(emForBusiness(db.orm, weeks.businessId), CALENDAR_FACTS, calendarFactsParams(weeks, c));
      const sql = performance.now() - tSql;
      const tRequest = performance.now();
      const response = await panel.client.get(c.url);
      const request = performance.now() - tRequest;
      const route = panel.handlerMs();
      const tUseCase = performance.now();
      const calendar = await deskCalendar(ctx, weeks.businessId, c.input);
      const useCase = performance.now() - tUseCase;
      const tGrid = performance.now();
      cells = calendarGrid(calendar).rows.length * calendar.shown.length * calendar.days.length;
      const grid = performance.now() - tGrid;
      await uncached.client.get(c.url);
      const uncachedRoute = uncached.handlerMs();
      body = response.body;
      status = response.statusCode;
      if (round < WARMUP) continue;
      for (const [key, value] of [['sql', sql], ['route', route], ['request', request], ['useCase', useCase], ['grid', grid], ['uncached', uncachedRoute], ['ratio', route / sql]] as const) series[key].push(value);
    }
    const shown = (body.match(/data-booking="/g) ?? []).length;
    if (status !== 200 || shown !== c.expected) throw new Error(`${c.name}: status ${status}, ${shown} bookings drawn, ${c.expected} expected`);
    const m = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, median(v)])) as Record<keyof typeof series, number>;
    worstRatio = Math.max(worstRatio, m.ratio);
    record({
      bench: 'desk',
      figure: `calendar page, ${c.name}: the route, median`,
      value: m.route,
      unit: 'ms',
      reference: { name: 'its SQL (CALENDAR_FACTS) alone, median', value: m.sql, unit: 'ms' },
      ratio: m.ratio,
      target: `≤ ${TARGET_RATIO}× its SQL`,
      met: m.ratio <= TARGET_RATIO,
    });
    calendarLines.push(
      `${c.name}: ${shown} bookings drawn, ${cells} cells, ${(body.length / 1024).toFixed(0)} KiB of HTML\n` +
        `  route ${ms(m.route)} | its SQL alone ${ms(m.sql)} | ${m.ratio.toFixed(2)}× the SQL (median of the rounds' ratios)\n` +
        `  parts, each timed alone: deskCalendar ${ms(m.useCase)}, calendarGrid ${ms(m.grid)}; ` +
        `whole request ${ms(m.request)}; the route with templates not cached ${ms(m.uncached)}`,
    );
  }
  await uncached.app.close();

  // --- 2. The bookings CSV of a year over real HTTP ---
  const yearFrom = DateTime.fromISO(year.from, { zone: year.zone });
  const yearUntil = DateTime.fromISO(year.to, { zone: year.zone }).plus({ days: 1 });
  const [{ n: expectedRows } = { n: -1 }] = await db.orm.em
    .getConnection()
    .execute<{ n: number }[]>("select count(*)::int as n from booking where business_id = ? and starts_at >= ? and starts_at < ? and status <> 'held'", [year.businessId, yearFrom.toJSDate(), yearUntil.toJSDate()]);
  const address = await panel.app.listen({ host: '127.0.0.1', port: 0 });
  const csvUrl = `${address}/admin/b/reports-bench/bookings.csv?from=${year.from}&to=${year.to}`;
  const natural: Sampling = { everyMs: 50, live: false };
  const live: Sampling = { everyMs: 250, live: true };
  const streamed = await downloadOverHttp(csvUrl, panel.client.cookie() ?? '', natural);
  const csvRows = streamed.lines - 1;
  if (streamed.status !== 200 || csvRows !== expectedRows) throw new Error(`CSV: status ${streamed.status}, ${csvRows} rows, ${expectedRows} expected (${streamed.firstLine})`);
  const streamedLive = await downloadOverHttp(csvUrl, panel.client.cookie() ?? '', live);
  const whole = await buildInMemory(db.orm, year.businessId, year.zone, yearFrom.toJSDate(), yearUntil.toJSDate(), natural);
  const wholeLive = await buildInMemory(db.orm, year.businessId, year.zone, yearFrom.toJSDate(), yearUntil.toJSDate(), live);
  await panel.app.close();

  console.log(`bench/desk — Node ${process.version}, ${db.label}; seeded in ${(seedMs / 1000).toFixed(1)} s: ${weeks.bookings} bookings over 10 weeks (20 staff) and ${year.bookings} over a year (a second business)`);
  console.log(`calendar page of the real panel through app.inject, templates cached (NODE_ENV=production): median of ${RUNS} rounds after ${WARMUP} warm-up, each timing every figure once; busiest day ${weeks.busiestDay.date}`);
  console.log(`floor: a plain signed-in panel page (/admin/account), whole request: ${ms(floor.median)}`);
  for (const line of calendarLines) console.log(line);
  console.log(`target: route ≤ ${TARGET_RATIO}× its SQL` + (worstRatio > TARGET_RATIO ? ` (NOT met: worst ${worstRatio.toFixed(2)}×)` : ` (met: worst ${worstRatio.toFixed(2)}×)`));
  console.log(`bookings.csv ${year.from}..${year.to} over HTTP (127.0.0.1, read as it arrives): ${csvRows} rows (the database has ${expectedRows}), ${(streamed.bytes / MIB).toFixed(1)} MiB in ${(streamed.run.ms / 1000).toFixed(2)} s`);
  console.log(`  streamed, as it runs:          ${memoryLine(streamed.run)}`);
  console.log(`  streamed, live (gc / 250 ms):  ${memoryLine(streamedLive.run)}`);
  console.log(`  reference — the same ${whole.rows} rows by one query, one ${(whole.chars / MIB).toFixed(1)} M-character string, ${(whole.run.ms / 1000).toFixed(2)} s:`);
  console.log(`  in memory, as it runs:         ${memoryLine(whole.run)}`);
  console.log(`  in memory, live (gc / 250 ms): ${memoryLine(wholeLive.run)}`);
  record({
    bench: 'desk',
    figure: `bookings.csv of ${csvRows} rows over HTTP: live heap growth (gc / 250 ms)`,
    value: streamedLive.run.peak.heap - streamedLive.run.before.heap,
    unit: 'MiB',
    reference: { name: 'the same CSV built whole in memory: live heap growth', value: wholeLive.run.peak.heap - wholeLive.run.before.heap, unit: 'MiB' },
    target: 'flat (a few MiB)',
  });
} finally {
  await db.close();
}


/** CALENDAR_FACTS's parameters for a case's range, as deskCalendar passes them. */
function calendarFactsParams(weeks: SeededWeeks, c: { range: { from: DateTime; until: DateTime }; lane: string | null }) {
  return {
    businessId: weeks.businessId,
    from: c.range.from.toJSDate(),
    until: c.range.until.toJSDate(),
    fromDate: c.range.from.toISODate()!,
    toDate: c.range.until.minus({ days: 1 }).toISODate()!,
    now: new Date(weeks.now),
    staffLane: c.lane,
    resourceLane: null,
  };
}
