import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, ChannelIdentitySchema, CustomerSchema, OutboxMessageSchema, WaitlistEntrySchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { customerBookings } from '../../src/app/customers/customer-bookings.ts';
import { findOrCreateCustomer } from '../../src/app/customers/find-or-create-customer.ts';
import { normalizePhone } from '../../src/app/customers/phone-number.ts';
import { setCustomerPhone } from '../../src/app/customers/set-customer-phone.ts';
import { updateCustomer } from '../../src/app/customers/update-customer.ts';
import { releaseExpiredHolds } from '../../src/app/sweeps/release-expired-holds.ts';
import { acceptWaitlistOffer } from '../../src/app/waitlist/accept-waitlist-offer.ts';
import { joinWaitlist } from '../../src/app/waitlist/join-waitlist.ts';
import { leaveWaitlist } from '../../src/app/waitlist/leave-waitlist.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { validationIssues } from '../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 6, staff: 1 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);

describe('waitlist', () => {
  it('offers a freed slot to the first in line, hands it on when the offer lapses, and books it on acceptance', async () => {
    // Day 2 is full: nine hourly bookings 09:00–17:00.
    const day = 2;
    const bookings = [];
    for (let h = 9; h < 18; h += 1) {
      bookings.push(await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at(`${String(h).padStart(2, '0')}:00`, day) }));
    }
    const first = await joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, fromDate: '2031-03-05', toDate: '2031-03-05' });
    const again = await joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, fromDate: '2031-03-05', toDate: '2031-03-05' });
    expect(again.id).toBe(first.id);
    const second = await joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, fromDate: '2031-03-04', toDate: '2031-03-06' });

    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: bookings[3]!.id, reason: 'customer called' });
    const offered = await em().findOneOrFail(WaitlistEntrySchema, { id: first.id });
    expect(offered.status).toBe('offered');
    const offer = await em().findOneOrFail(BookingSchema, { id: offered.offerBooking!.id });
    expect(offer).toMatchObject({ status: 'held', customer: { id: w.customers[1]! } });
    expect(offer.startsAt.getTime()).toBe(w.at('12:00', day));
    expect(offer.holdExpiresAt!.getTime()).toBe(w.clock.now() + 30 * 60_000);
    expect(await em().count(OutboxMessageSchema, { topic: 'waitlist.offer', aggregateId: offer.id })).toBe(1);

    // Nobody answers for 31 minutes: the offer lapses and passes to the next in line.
    w.clock.advanceMinutes(31);
    expect(await releaseExpiredHolds(w.ctx, w.business.id)).toEqual([offer.id]);
    expect((await em().findOneOrFail(WaitlistEntrySchema, { id: first.id })).status).toBe('expired');
    const next = await em().findOneOrFail(WaitlistEntrySchema, { id: second.id });
    expect(next.status).toBe('offered');
    await expect(acceptWaitlistOffer(w.ctx, w.business.id, w.customers[1]!, first.id)).rejects.toMatchObject({ code: 'hold_expired' });

    const booked = await acceptWaitlistOffer(w.ctx, w.business.id, w.customers[2]!, second.id);
    expect(booked).toMatchObject({ status: 'confirmed', startsAt: w.at('12:00', day), customerId: w.customers[2]! });
    expect((await em().findOneOrFail(WaitlistEntrySchema, { id: second.id })).status).toBe('booked');
    expect((await acceptWaitlistOffer(w.ctx, w.business.id, w.customers[2]!, second.id)).id).toBe(booked.id);
  });

  it('refuses past days, and lets a customer leave', async () => {
    await expect(joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, fromDate: '2031-02-01', toDate: '2031-02-02' })).rejects.toMatchObject({ code: 'invalid_request' });
    const backwards = joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, fromDate: '2031-03-09', toDate: '2031-03-08' });
    expect(await validationIssues(backwards)).toEqual([': fromDate must not be after toDate']);
    const entry = await joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, fromDate: '2031-03-10', toDate: '2031-03-10' });
    expect((await leaveWaitlist(w.ctx, w.business.id, w.customers[3]!, entry.id)).status).toBe('cancelled');
  });
});

describe('customers', () => {
  it.each([
    ['+7 701 123 45 67', undefined, '+77011234567'],
    ['8 (701) 123-45-67', 'KZ', '+77011234567'],
    ['067 123 45 67', 'UA', '+380671234567'],
    ['+49 30 123456', undefined, '+4930123456'],
    ['12345', 'KZ', null],
    ['call me', 'UA', null],
  ] as const)('normalises %s (%s) → %s', (raw, country, expected) => {
    expect(normalizePhone(raw, country)).toBe(expected);
  });

  it('finds or creates by channel identity and links a second channel by a proven phone', async () => {
    const tg = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '5001', name: 'Olha', phone: '+380501112233', phoneVerified: true });
    const same = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '5001' });
    expect(same.id).toBe(tg.id);
    const wa = await findOrCreateCustomer(w.ctx, w.business.id, {
      channel: 'whatsapp',
      externalId: '380501112233@s.whatsapp.net',
      phone: '050 111 22 33',
      defaultCountry: 'UA',
      phoneVerified: true,
    });
    expect(wa.id).toBe(tg.id);
    // A number merely typed in another chat does not open this customer's card.
    const stranger = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '6006', phone: '+380501112233' });
    expect(stranger.id).not.toBe(tg.id);
    expect(stranger.phone).toBeNull();
    expect(await em().count(ChannelIdentitySchema, { customer: tg.id })).toBe(2);
    await expect(findOrCreateCustomer(w.ctx, w.business.id, { channel: 'sms', externalId: 'x', phone: 'not a phone' })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('never pulls a typed number\'s card into the person who proves the number: the number moves to them', async () => {
    // Someone types another person's number in a chat (a typo, or on purpose).
    const typist = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '5101', name: 'Typist', phone: '+380507776655' });
    expect(typist.phone).toBe('+380507776655');
    // The real owner writes on WhatsApp (the id is the number): a card of their own.
    const owner = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'whatsapp', externalId: '380507776655@s.whatsapp.net', phone: '+380507776655', phoneVerified: true });
    expect(owner.id).not.toBe(typist.id);
    expect(owner.phone).toBe('+380507776655');
    const typistNow = await em().findOneOrFail(CustomerSchema, { id: typist.id });
    expect(typistNow.phone).toBeNull();
    // The same through a shared contact in a chat that typed the number first.
    const typist2 = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '5102' });
    await setCustomerPhone(w.ctx, w.business.id, { customerId: typist2.id, phone: '+380507778899' });
    const prover = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '5103' });
    const proven = await setCustomerPhone(w.ctx, w.business.id, { customerId: prover.id, phone: '+380507778899', verified: true });
    expect(proven.id).toBe(prover.id);
    expect((await emForBusiness(db.orm, w.business.id).findOneOrFail(CustomerSchema, { id: typist2.id })).phone).toBeNull();
  });

  it('merges a chat-only customer into the one who already has a verified phone, bookings and flags included', async () => {
    const known = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'sms', externalId: '+380931234567', name: 'Petro', phone: '+380931234567', phoneVerified: true });
    const fresh = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '7007' });
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId: fresh.id, serviceId: w.haircut.id, staffId: null, startsAt: w.at('10:00', 5) });
    await updateCustomer(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: fresh.id, blocked: true, tags: ['late'] });
    await expect(setCustomerPhone(w.ctx, w.business.id, { customerId: fresh.id, phone: '093 123 45 67', defaultCountry: 'UA' })).rejects.toMatchObject({
      code: 'phone_needs_verification',
    });
    expect(await customerBookings(w.ctx, w.business.id, known.id)).toEqual([]);
    const merged = await setCustomerPhone(w.ctx, w.business.id, { customerId: fresh.id, phone: '093 123 45 67', defaultCountry: 'UA', verified: true });
    expect(merged.id).toBe(known.id);
    expect(merged).toMatchObject({ blocked: true, tags: ['late'], name: 'Petro' });
    expect(await em().count(OutboxMessageSchema, { aggregateId: booking.id })).toBeGreaterThan(0);
    expect((await em().find(OutboxMessageSchema, { aggregateId: booking.id })).every((m) => m.payload['customerId'] === known.id)).toBe(true);
    expect(await em().findOne(CustomerSchema, { id: fresh.id })).toBeNull();
    expect((await customerBookings(w.ctx, w.business.id, known.id)).map((b) => b.id)).toContain(booking.id);
    const again = await findOrCreateCustomer(w.ctx, w.business.id, { channel: 'telegram', externalId: '7007' });
    expect(again.id).toBe(known.id);
  });

  it('keeps notes, tags and preferences on the customer card', async () => {
    const updated = await updateCustomer(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[4]!, notes: 'Prefers mornings', tags: ['vip', 'vip', 'regular'], preferences: { staff: 'any' } });
    expect(updated).toMatchObject({ notes: 'Prefers mornings', tags: ['vip', 'regular'], preferences: { staff: 'any' } });
    expect(await validationIssues(updateCustomer(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[4]!, email: 'not-an-email' }))).toEqual([expect.stringMatching(/^email: /)]);
  });
});
