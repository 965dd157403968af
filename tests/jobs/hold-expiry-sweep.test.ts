import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, OutboxMessageSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { holdExpirySweep } from '../../src/jobs/hold-expiry-sweep.ts';
import { startJobRunner, type JobRunner } from '../../src/jobs/job-runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;
const runners: JobRunner[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 3 });
});
afterAll(async () => {
  for (const runner of runners) await runner.stop();
  await db.drop();
});
beforeEach(() => w.clock.reset());

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('hold-expiry sweep on Agenda (PostgreSQL backend)', () => {
  it('releases lapsed holds with one notice each, even with two workers sharing the queue', async () => {
    const holds = await Promise.all(
      [0, 1].map((i) =>
        holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: w.staff[i]!.id, startsAt: w.at('10:00', 2), source: 'telegram' }),
      ),
    );
    const live = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('15:00', 2), source: 'telegram' });
    w.clock.advanceMinutes(11);
    // A hold taken after the clock moved is still running and must survive the sweep.
    const fresh = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('16:00', 2), source: 'telegram' });

    const logger = pino({ level: 'silent' });
    for (const name of ['worker-a', 'worker-b']) {
      runners.push(await startJobRunner({ databaseUrl: db.url, ctx: w.ctx, logger, jobs: [holdExpirySweep], processEvery: 200, name }));
    }
    const em = () => emForBusiness(db.orm, w.business.id);
    const statuses = await eventually(
      async () => (await em().find(BookingSchema, { id: { $in: [...holds.map((h) => h.id), live.id] } })).map((b) => b.status),
      (s) => s.every((status) => status === 'cancelled'),
    );
    expect(statuses).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await em().count(OutboxMessageSchema, { topic: 'booking.hold_expired' })).toBe(3);
    expect((await em().findOneOrFail(BookingSchema, { id: fresh.id })).status).toBe('held');

    const [jobs] = await db.orm.em.getConnection().execute<{ n: number }[]>("select count(*)::int as n from agenda_jobs where name = 'hold-expiry-sweep'");
    expect(jobs?.n).toBe(1);
  });
});
