/**
 * The REST API's availability endpoint under load: 50 connections for 10 s on
 * `GET /api/v1/availability` (a week of "anyone" slots for a 5-specialist business with
 * bookings in it; key lookup, rate limit, the use case and JSON included), measured
 * beside `GET /health` with the same load in the same run. Targets: p99 < 100 ms, and
 * requests/s reported as a share of /health's.
 */
import autocannon from 'autocannon';
import pino from 'pino';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
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
  const app = buildHttpServer({
    logger: pino({ level: 'warn' }),
    isDatabaseReachable: () => isDatabaseReachable(db.orm),
    // The limit is lifted here: this measures the endpoint, not the limiter's refusals.
    api: { ctx: w.ctx, limits: { readPerMinute: 1_000_000_000, writePerMinute: 1 } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  const availability = `${base}/api/v1/availability?serviceId=${w.haircut.id}&from=${w.at('00:00', 1)}&to=${w.at('00:00', 1 + DAYS)}`;

  const probe = await fetch(availability, { headers: { authorization: `Bearer ${plainKey}` } });
  const slots = ((await probe.json()) as { slots: unknown[] }).slots.length;
  if (probe.status !== 200 || slots === 0) throw new Error(`availability answered ${probe.status} with ${slots} slots`);

  const run = (url: string, headers: Record<string, string> = {}) => autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  // A short warm-up of each (JIT, pool, caches), not measured.
  await autocannon({ url: availability, connections: 10, duration: 2, headers: { authorization: `Bearer ${plainKey}` } });
  const health = await run(`${base}/health`);
  const api = await run(availability, { authorization: `Bearer ${plainKey}` });
  // Requests autocannon left open still finish before the database goes.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await app.close();

  const line = (name: string, r: typeof api) =>
    `${name.padEnd(14)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   max ${String(r.latency.max).padStart(5)} ms   non-2xx ${r.non2xx}  errors ${r.errors + r.timeouts}`;
  console.log(`${db.label}; ${CONNECTIONS} connections, ${SECONDS} s each; availability: ${slots} slots over ${DAYS} days, ${STAFF} specialists, ${7 * STAFF * 3} bookings`);
  console.log(line('/health', health));
  console.log(line('availability', api));
  const share = api.requests.average / health.requests.average;
  console.log(`availability: ${(share * 100).toFixed(1)} % of /health's requests/s; p99 ${api.latency.p99} ms (target < 100 ms): ${api.latency.p99 < 100 ? 'met' : 'MISSED'}`);
  const figure = `GET /api/v1/availability, ${CONNECTIONS} connections, ${SECONDS} s`;
  record({ bench: 'api', figure: `${figure}: requests/s`, value: api.requests.average, unit: 'requests/s', reference: { name: 'GET /health under the same load', value: health.requests.average, unit: 'requests/s' }, ratio: share });
  record({ bench: 'api', figure: `${figure}: p99`, value: api.latency.p99, unit: 'ms', reference: { name: 'GET /health under the same load: p99', value: health.latency.p99, unit: 'ms' }, target: '< 100 ms', met: api.latency.p99 < 100 });
  if (api.non2xx > 0 || api.errors > 0) throw new Error('the availability endpoint answered errors under load');
} finally {
  await db.close();
}
