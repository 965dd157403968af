import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, CustomerSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { holdSlot, MAX_LIVE_HOLDS_PER_CUSTOMER } from '../../src/app/booking/hold-slot.ts';
import { TooManyHolds } from '../../src/app/shared/app-errors.ts';
import { setCustomerPhone } from '../../src/app/customers/set-customer-phone.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  w = await makeBookingWorld(db.orm, { customers: 5, staff: 3 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
const hold = (customerId: string, conversationKey: string, startsAt: number) =>
  holdSlot(w.ctx, w.business.id, { customerId, serviceId: w.haircut.id, staffId: null, startsAt, source: 'telegram', conversationKey });
const attempt = (customerId: string, conversationKey: string, startsAt: number) => hold(customerId, conversationKey, startsAt).catch((e: unknown) => e);
const liveHolds = (customerId: string) => em().count(BookingSchema, { customer: customerId, status: 'held', holdExpiresAt: { $gt: new Date(w.clock.now()) } });

describe('live holds per customer (and so per phone number)', () => {
  it('lets one customer hold 3 slots from 3 chats, refuses a 4th with TooManyHolds, and frees a place when a hold ends', async () => {
    expect(MAX_LIVE_HOLDS_PER_CUSTOMER).toBe(3);
    const c = w.customers[0]!;
    const first = await hold(c, 'tg:a', w.at('10:00', 1));
    await hold(c, 'wa:b', w.at('11:00', 1));
    await hold(c, 'web:c', w.at('12:00', 1));
    const refused = await attempt(c, 'sms:d', w.at('13:00', 1));
    expect(refused).toBeInstanceOf(TooManyHolds);
    expect(refused).toMatchObject({ code: 'too_many_holds', i18nKey: 'errors.too_many_holds', params: { limit: 3 } });
    expect(await liveHolds(c)).toBe(3);
    expect(await em().count(BookingSchema, { customer: c, startsAt: new Date(w.at('13:00', 1)) })).toBe(0);

    // A chat that changes its mind replaces its own hold: still 3.
    const moved = await hold(c, 'tg:a', w.at('14:00', 1));
    expect((await em().findOneOrFail(BookingSchema, { id: first.id })).status).toBe('cancelled');
    expect(await liveHolds(c)).toBe(3);

    // Someone else is not affected.
    await hold(w.customers[1]!, 'tg:other', w.at('13:00', 1));

    // A confirmed booking is no longer a hold: room for one more.
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: c }, { bookingId: moved.id });
    await hold(c, 'sms:d', w.at('15:00', 1));
    expect(await attempt(c, 'viber:e', w.at('16:00', 1))).toBeInstanceOf(TooManyHolds);

    // Lapsed holds do not count.
    w.clock.advanceMinutes(11);
    await hold(c, 'viber:e', w.at('16:00', 1));
    expect(await liveHolds(c)).toBe(1);
  });

  it('counts the holds of every account that proved the same phone number together', async () => {
    const owner = w.customers[2]!;
    const phone = (await em().findOneOrFail(CustomerSchema, { id: owner })).phone!;
    await hold(owner, 'tg:own-1', w.at('10:00', 2));
    await hold(owner, 'tg:own-2', w.at('11:00', 2));
    // A second account (a card of its own, no phone yet) holds a slot, then shares the same contact.
    const e = em();
    const second = e.create(CustomerSchema, { business: w.business.id, name: 'Second account', phone: null });
    await e.flush();
    await hold(second.id, 'tg:second', w.at('12:00', 2));
    const merged = await setCustomerPhone(w.ctx, w.business.id, { customerId: second.id, phone, verified: true });
    expect(merged.id).toBe(owner);
    expect(await liveHolds(owner)).toBe(3);

    // Whichever account asks, the number already holds 3 slots.
    expect(await attempt(owner, 'tg:own-3', w.at('13:00', 2))).toBeInstanceOf(TooManyHolds);
    expect(await attempt(merged.id, 'wa:second', w.at('13:00', 2))).toBeInstanceOf(TooManyHolds);
  });

  it('counts concurrent holds one after another: exactly 3 of 6 chats get one', async () => {
    const c = w.customers[3]!;
    const results = await Promise.all(['10:00', '11:00', '12:00', '13:00', '14:00', '15:00'].map((time, i) => attempt(c, `tg:race-${i}`, w.at(time, 3))));
    expect(results.filter((r) => r instanceof TooManyHolds)).toHaveLength(3);
    expect(results.filter((r) => !(r instanceof Error))).toHaveLength(3);
    expect(await liveHolds(c)).toBe(3);
  });
});
