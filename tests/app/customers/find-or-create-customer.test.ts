import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import { ChannelIdentitySchema, CustomerSchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

// A chat that brings no phone number: its customer, or a new one (card, identity,
// customer.created), in one statement that says which; two first messages racing make one card.

let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  w = await makeBookingWorld(db.orm, { customers: 1 });
});
afterAll(async () => db.drop());

const em = () => emForBusiness(db.orm, w.business.id);
const notices = (customerId: string) => em().count(OutboxMessageSchema, { topic: 'customer.created', aggregateId: customerId });

describe('findOrCreateCustomer without a phone', () => {
  it('creates the card, its identity and one customer.created notice, then finds the same card', async () => {
    const first = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '7001', name: 'Dana', locale: 'uk' });
    expect(first).toMatchObject({ name: 'Dana', phone: null, locale: 'uk', tags: [], preferences: {}, noShowCount: 0, blocked: false, created: true });
    expect(await em().findOneOrFail(CustomerSchema, { id: first.id })).toMatchObject({ name: 'Dana', phoneTrusted: false, locale: 'uk' });
    expect(await em().count(ChannelIdentitySchema, { channel: 'telegram', externalId: '7001', customer: first.id })).toBe(1);
    expect(await notices(first.id)).toBe(1);

    const again = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '7001', name: 'Someone else' });
    expect(again).toEqual({ ...first, created: false });
    expect(await notices(first.id)).toBe(1);
  });

  it('makes one card when two first messages of one chat race', async () => {
    const both = await Promise.all([1, 2].map(() => findOrCreateCustomer(w.ctx, w.business.id, { channel: 'webchat', externalId: 'visitor-42' })));
    expect(both[0]!.id).toBe(both[1]!.id);
    // One made the card, the other found it.
    expect(both.map((c) => c.created).sort()).toEqual([false, true]);
    expect(await em().count(ChannelIdentitySchema, { channel: 'webchat', externalId: 'visitor-42' })).toBe(1);
    expect(await notices(both[0]!.id)).toBe(1);
    // The loser wrote nothing: every customer.created names a card that exists.
    const named = (await em().find(OutboxMessageSchema, { topic: 'customer.created' })).map((o) => o.aggregateId);
    expect(await em().count(CustomerSchema, { id: { $in: named } })).toBe(named.length);
  });
});
