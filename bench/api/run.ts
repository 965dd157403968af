/**
 * The REST API's availability endpoint under load: 50 connections for 10 s on
 * `GET /api/v1/availability` (a week of "anyone" slots for a 5-specialist business with
 * bookings in it; key lookup, rate limit, the use case and JSON included), measured
 * beside `GET /health` with the same load in the same run. Targets: p99 < 100 ms, and
 * requests/s reported as a share of /health's. The load comes from another process
 * (`load-generator.ts`), as a real client's would: the server's event loop is its own.
 */
import { fork } from 'node:child_process';
import type autocannon from 'autocannon';
import pino from 'pino';
import { z } from 'zod';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { availabilityCache } from '../../src/app/availability/availability-cache.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { isDatabaseReachable } from '../../src/db/database.ts';
import { UserSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../src/db/tenant-scope.ts';
import { makeBookingWorld } from '../../tests/support/booking-world.ts';
import { openBenchDatabase } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const STAFF = 5;
/** Days of slots asked for: a week, as a booking page's week view does. */
const DAYS = Number(process.env['BENCH_DAYS'] ?? 7);

type LoadResult = Awaited<ReturnType<typeof autocannon>>;

// What this benchmark reads of autocannon's result, as it comes over the IPC channel.
const Histogram = z.object({ average: z.number(), p50: z.number(), p99: z.number(), max: z.number() });

const LoadResultShape: z.ZodType<LoadResult> = z.object({
  latency: Histogram,
  requests: Histogram.extend({ total: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  duration: z.number(),
});

const db = await openBenchDatabase(20);
try {
  const w = await makeBookingWorld(db.orm, { customers: 20, staff: STAFF, slug: 'bench-api' });
  // A booked week: every specialist has a few visits a day.
  for (let day = 1; day <= 7; day += 1) {
    for (const [i, member] of w.staff.entries()) {
      for (const time of ['10:00', '13:00', '16:00']) {
        await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[(day * STAFF + i) % w.customers.length]!, serviceId: w.haircut.id, staffId: member.id, startsAt: w.at(time, day) });
      }
    }
  }
  const em = emAcrossBusinesses(db.orm);
  const user = em.create(UserSchema, { email: 'bench-api@example.com', name: 'Bench', passwordHash: 'x' });
  await em.flush();
  const { plainKey } = await createApiKey(w.ctx, w.business.id, user.id, { name: 'bench', scope: 'read' });
  const serve = async (ctx: typeof w.ctx) => {
    const server = buildHttpServer({
      logger: pino({ level: 'warn' }),
      isDatabaseReachable: () => isDatabaseReachable(db.orm),
      // The limit is lifted here: this measures the endpoint, not the limiter's refusals.
      api: { ctx, limits: { readPerMinute: 1_000_000_000, writePerMinute: 1 } },
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    return { server, base: typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '' };
  };
  // As main.ts runs it: free slots answered again while nothing they depend on changed.
  const cached = await serve({ ...w.ctx, availabilityCache: availabilityCache() });
  // The reference: every ask computed afresh (key, rate limit, SLOT_FACTS, slots, JSON).
  const { availabilityCache: _none, ...uncachedCtx } = w.ctx;
  const uncached = await serve(uncachedCtx);
  const query = `/api/v1/availability?serviceId=${w.haircut.id}&from=${w.at('00:00', 1)}&to=${w.at('00:00', 1 + DAYS)}`;
  const auth = { authorization: `Bearer ${plainKey}` };

  const probe = await fetch(cached.base + query, { headers: auth });
  const slots = ((await probe.json()) as { slots: unknown[] }).slots.length;
  if (probe.status !== 200 || slots === 0) throw new Error(`availability answered ${probe.status} with ${slots} slots`);

  const run = (url: string, headers: Record<string, string> = {}) => load({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  // A short warm-up of each (JIT, pool, caches), not measured.
  await load({ url: cached.base + query, connections: 10, duration: 2, headers: auth });
  await load({ url: uncached.base + query, connections: 10, duration: 2, headers: auth });
  const health = await run(`${cached.base}/health`);
  const api = await run(cached.base + query, auth);
  // A business busier than any we serve: a booking made or cancelled in the asked week
  // every ~100 ms, each a change every cached answer of the business must see.
  const changes = { made: 0, stop: false };
  const churn = (async () => {
    const actor = { kind: 'business', userId: null } as const;
    while (!changes.stop) {
      const made = await createBooking(w.ctx, w.business.id, actor, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00', 2) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await cancelBooking(w.ctx, w.business.id, actor, { bookingId: made.id });
      changes.made += 2;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const busy = await run(cached.base + query, auth);
  changes.stop = true;
  await churn;
  const fresh = await run(uncached.base + query, auth);
  // Requests autocannon left open still finish before the database goes.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await cached.server.close();
  await uncached.server.close();

  const line = (name: string, r: typeof api) =>
    `${name.padEnd(30)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   max ${String(r.latency.max).padStart(5)} ms   non-2xx ${r.non2xx}  errors ${r.errors + r.timeouts}`;
  console.log(`${db.label}; ${CONNECTIONS} connections, ${SECONDS} s each, load from another process; availability: ${slots} slots over ${DAYS} days, ${STAFF} specialists, ${7 * STAFF * 3} bookings`);
  console.log(line('/health', health));
  console.log(line('availability', api));
  console.log(line(`  + ${(changes.made / SECONDS).toFixed(0)} changes/s to the business`, busy));
  console.log(line('  computed afresh (no cache)', fresh));
  const share = api.requests.average / health.requests.average;
  console.log(`availability: ${(share * 100).toFixed(1)} % of /health's requests/s (afresh ${((fresh.requests.average / health.requests.average) * 100).toFixed(1)} %); p99 ${api.latency.p99} ms, with changes ${busy.latency.p99} ms (target < 100 ms): ${api.latency.p99 < 100 && busy.latency.p99 < 100 ? 'met' : 'MISSED'}`);
  const figure = `GET /api/v1/availability, ${CONNECTIONS} connections, ${SECONDS} s`;
  record({ bench: 'api', figure: `${figure}: requests/s`, value: api.requests.average, unit: 'requests/s', reference: { name: 'GET /health under the same load', value: health.requests.average, unit: 'requests/s' }, ratio: share });
  record({ bench: 'api', figure: `${figure}: p99`, value: api.latency.p99, unit: 'ms', reference: { name: 'GET /health under the same load: p99', value: health.latency.p99, unit: 'ms' }, target: '< 100 ms', met: api.latency.p99 < 100 });
  record({ bench: 'api', figure: `${figure}, the business changing every ~100 ms: p99`, value: busy.latency.p99, unit: 'ms', reference: { name: 'every ask computed afresh: p99', value: fresh.latency.p99, unit: 'ms' }, target: '< 100 ms', met: busy.latency.p99 < 100 });
  for (const r of [api, busy, fresh]) if (r.non2xx > 0 || r.errors > 0) throw new Error('the availability endpoint answered errors under load');
} finally {
  await db.close();
}

/** autocannon with these options, run in a child process; its result. */
function load(options: Parameters<typeof autocannon>[0]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-generator.ts', import.meta.url), [JSON.stringify(options)], { stdio: 'inherit' });
    let result: LoadResult | undefined;
    child.once('message', (message) => {
      result = LoadResultShape.parse(message);
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the load generator exited with ${code} and no result`))));
  });
}
