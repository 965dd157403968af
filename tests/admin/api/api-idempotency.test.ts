import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiIdempotencySchema, BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startApiHarness, type ApiHarness } from './api-harness.ts';

let db: TestDatabase;
let h: ApiHarness;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  h = await startApiHarness(db.orm);
});
afterAll(async () => {
  await h.close();
  await db.drop();
});

const booking = (time: string, customer = 0) => ({ customerId: h.world.customers[customer], serviceId: h.world.haircut.id, staffId: null, startsAt: h.world.at(time) });
const bookingsAt = (time: string) => emForBusiness(db.orm, h.world.business.id).count(BookingSchema, { startsAt: new Date(h.world.at(time)) });
const post = (path: string, body: unknown, key: string) => h.call('POST', path, { key: h.keys.write, body, headers: { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  it('replays the first answer (the same booking) for the same key and request, in any key order', async () => {
    const first = await post('/bookings', booking('09:00'), 'order-1001');
    expect(first.statusCode).toBe(201);
    const { customerId, serviceId, staffId, startsAt } = booking('09:00');
    const again = await post('/bookings', { startsAt, staffId, serviceId, customerId }, 'order-1001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await bookingsAt('09:00')).toBe(1);
  });

  it('refuses the same key with another body or path (422) and changes nothing', async () => {
    await post('/bookings', booking('10:00'), 'order-1002');
    const other = await post('/bookings', booking('11:00'), 'order-1002');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect((await post('/bookings/holds', booking('10:00'), 'order-1002')).statusCode).toBe(422);
    expect(await bookingsAt('11:00')).toBe(0);
  });

  it('books once when requests with one key race; all get the same booking', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('/bookings', booking('13:00', 1), 'order-1003')));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => (a.json() as { id: string }).id)).size).toBe(1);
    // The same answer, byte for byte: the first request's, or its stored copy.
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await bookingsAt('13:00')).toBe(1);
  });

  // The booking was written but its answer never stored (the process died in between):
  // the claim stays unanswered. Past its lease a retry takes the key over and runs again;
  // the booking use case, given the key, finds the booking the first attempt made.
  // "Anyone" at 12:00 with three specialists free: a second run without the key would book another.
  it('books once when a retry comes after a crash between the booking and its stored answer', async () => {
    const first = await post('/bookings', booking('12:00', 1), 'order-1006');
    expect(first.statusCode).toBe(201);
    const em = emForBusiness(db.orm, h.world.business.id);
    await em.nativeUpdate(ApiIdempotencySchema, { key: 'order-1006' }, { status: null, responseBody: null, createdAt: new Date(h.world.clock.now() - 2 * 60_000) });
    const retry = await post('/bookings', booking('12:00', 1), 'order-1006');
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ id: (first.json() as { id: string }).id });
    expect(await bookingsAt('12:00')).toBe(1);
    // Its answer is stored now: the next retry is a replay.
    expect((await post('/bookings', booking('12:00', 1), 'order-1006')).headers['idempotent-replayed']).toBe('true');
  });

  it('holds once when the answer was dropped after a failure (the claim released) and the request is retried', async () => {
    const first = await post('/bookings/holds', booking('14:00', 2), 'order-1007');
    expect(first.statusCode).toBe(201);
    await emForBusiness(db.orm, h.world.business.id).nativeDelete(ApiIdempotencySchema, { key: 'order-1007' });
    const retry = await post('/bookings/holds', booking('14:00', 2), 'order-1007');
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ id: (first.json() as { id: string }).id, status: 'held' });
    expect(await bookingsAt('14:00')).toBe(1);
  });

  it('keeps a refusal too: a retry of a taken slot gets the same 409', async () => {
    await post('/bookings', { ...booking('16:00', 2), staffId: h.world.staff[0]!.id }, 'order-1004');
    const taken = { ...booking('16:00', 3), staffId: h.world.staff[0]!.id };
    const first = await post('/bookings', taken, 'order-1005');
    expect(first.statusCode).toBe(409);
    const retry = await post('/bookings', taken, 'order-1005');
    expect(retry.statusCode).toBe(409);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a key that is no visible ASCII', async () => {
    expect((await post('/customers', { phone: '+380671112233' }, 'has space')).statusCode).toBe(400);
  });
});
