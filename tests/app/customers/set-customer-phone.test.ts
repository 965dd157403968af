import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCustomerPhone } from '../../../src/app/customers/set-customer-phone.ts';
import { CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

// A phone nobody else has is set in one statement; a number another card has goes to the
// transaction that merges or refuses. Both must keep the same rules.

let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  w = await makeBookingWorld(db.orm, { customers: 6 });
});
afterAll(async () => db.drop());

const card = (id: string) => emForBusiness(db.orm, w.business.id).findOneOrFail(CustomerSchema, { id });
const set = (customerId: string, phone: string, verified: boolean) => setCustomerPhone(w.ctx, w.business.id, { customerId, phone, verified, defaultCountry: 'UA' });

describe('setCustomerPhone', () => {
  it('sets a free number with its trust, and a second proof of the same number only raises trust', async () => {
    const id = w.customers[0]!;
    expect(await set(id, '067 555 01 01', false)).toMatchObject({ id, phone: '+380675550101' });
    expect(await card(id)).toMatchObject({ phone: '+380675550101', phoneTrusted: false });
    await set(id, '+380675550101', true);
    expect(await card(id)).toMatchObject({ phoneTrusted: true });
    await set(id, '+380675550101', false);
    expect(await card(id)).toMatchObject({ phoneTrusted: true });
  });

  it("refuses a typed number another card has, and lets a proven one take a number someone only typed", async () => {
    const [typer, other] = [w.customers[1]!, w.customers[2]!];
    await set(typer, '+380675550202', false);
    const before = (await card(other)).phone;
    await expect(set(other, '+380675550202', false)).rejects.toMatchObject({ code: 'phone_needs_verification' });
    expect((await card(other)).phone).toBe(before);
    expect(await set(other, '+380675550202', true)).toMatchObject({ id: other, phone: '+380675550202' });
    expect((await card(typer)).phone).not.toBe('+380675550202');
  });

  it('gives a free number to one of two customers typing it at once; the other is asked to prove it', async () => {
    const [a, b] = [w.customers[3]!, w.customers[4]!];
    const results = await Promise.allSettled([set(a, '+380675550303', false), set(b, '+380675550303', false)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['phone_needs_verification']);
    const owners = await emForBusiness(db.orm, w.business.id).count(CustomerSchema, { phone: '+380675550303' });
    expect(owners).toBe(1);
  });

  it('says the customer is not there, and refuses what is not a phone number, changing nothing', async () => {
    const before = (await card(w.customers[5]!)).phone;
    await expect(set('00000000-0000-4000-8000-000000000000', '+380675550404', false)).rejects.toMatchObject({ code: 'not_found' });
    await expect(set(w.customers[5]!, 'call me', false)).rejects.toMatchObject({ code: 'invalid_request' });
    expect((await card(w.customers[5]!)).phone).toBe(before);
    expect(await emForBusiness(db.orm, w.business.id).count(CustomerSchema, { phone: '+380675550404' })).toBe(0);
  });
});
