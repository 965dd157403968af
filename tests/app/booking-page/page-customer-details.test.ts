import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { pageCustomer } from '../../../src/app/booking-page/page-customer.ts';
import { setPageCustomerDetails } from '../../../src/app/booking-page/set-page-customer-details.ts';
import { CustomerSchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 0 });
});
afterAll(async () => db?.drop());

const em = () => emForBusiness(db.orm, w.business.id);

describe('a booking-page visitor becoming a customer', () => {
  it('is a customer (customer.created, once) when they first give their details; a new e-mail clears a bounce', async () => {
    const customerId = await pageCustomer(w.ctx, w.business.id, { customerId: null });
    const hold = await holdSlot(w.ctx, w.business.id, { customerId, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 2), source: 'webchat' });
    expect(await em().count(OutboxMessageSchema, { topic: 'customer.created', aggregateId: customerId })).toBe(0);
    const details = { customerId, holdId: hold.id, name: 'Olena', phone: '+380501112233', email: 'olena@example.com' };
    expect(await setPageCustomerDetails(w.ctx, w.business.id, details)).toEqual({ kind: 'saved' });
    expect(await setPageCustomerDetails(w.ctx, w.business.id, { ...details, name: 'Olena K.' })).toEqual({ kind: 'saved' });
    expect(await em().count(OutboxMessageSchema, { topic: 'customer.created', aggregateId: customerId })).toBe(1);

    await em().nativeUpdate(CustomerSchema, { id: customerId }, { emailBouncedAt: new Date(w.clock.now()) });
    await setPageCustomerDetails(w.ctx, w.business.id, { ...details, email: 'OLENA@example.com' });
    expect((await em().findOneOrFail(CustomerSchema, { id: customerId })).emailBouncedAt).not.toBeNull();
    await setPageCustomerDetails(w.ctx, w.business.id, { ...details, email: 'olena.k@example.com' });
    expect(await em().findOneOrFail(CustomerSchema, { id: customerId })).toMatchObject({ email: 'olena.k@example.com', emailBouncedAt: null });
  });
});
