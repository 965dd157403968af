import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema } from '../../../src/db/entities/index.ts';
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
    expect(await bookingsAt('13:00')).toBe(1);
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
