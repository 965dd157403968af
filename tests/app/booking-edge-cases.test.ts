import { ZodError } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, OutboxMessageSchema, ResourceSchema, ServiceSchema, StaffMemberSchema, WaitlistEntrySchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { approveBooking } from '../../src/app/booking/approve-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { listBookableDays } from '../../src/app/availability/list-bookable-days.ts';
import { acceptWaitlistOffer } from '../../src/app/waitlist/accept-waitlist-offer.ts';
import { joinWaitlist } from '../../src/app/waitlist/join-waitlist.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };
const em = () => emForBusiness(db.orm, w.business.id);

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  w = await makeBookingWorld(db.orm, { customers: 8, staff: 3 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

describe('booking edge cases', () => {
  it('never overbooks a shared resource, even when different services compete for it', async () => {
    const e = em();
    const studio = e.create(ResourceSchema, { business: w.business.id, name: 'Studio', kind: 'studio', capacity: 2 });
    const photo = e.create(ServiceSchema, { business: w.business.id, name: 'Photo', durationMinutes: 60, priceMinor: 1000, currency: 'UAH', requiresResourceKind: 'studio' });
    const video = e.create(ServiceSchema, { business: w.business.id, name: 'Video', durationMinutes: 60, priceMinor: 1000, currency: 'UAH', requiresResourceKind: 'studio' });
    for (const s of w.staff) {
      const member = await e.findOneOrFail(StaffMemberSchema, { id: s.id }, { populate: ['services'] });
      member.services.add(photo, video);
    }
    await e.flush();
    const start = w.at('10:00', 5);
    const results = await Promise.allSettled(
      [photo, video, photo].map((service, i) =>
        createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[i]!, serviceId: service.id, staffId: w.staff[i]!.id, startsAt: start }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await em().count(BookingSchema, { resource: studio.id, status: 'confirmed' })).toBe(2);
  });

  it('cancels even when the freed slot cannot go to the waitlist, and offers carry the deposit', async () => {
    const staff = w.staff[0]!.id;
    const noon = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.massage.id, staffId: staff, startsAt: w.at('12:00', 6) });
    // An expired, not yet released hold right after the freed hour.
    await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: staff, startsAt: w.at('13:00', 6), source: 'sms' });
    const entry = await joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.massage.id, staffId: staff, fromDate: '2031-03-09', toDate: '2031-03-09' });
    w.clock.advanceMinutes(15);
    const cancelled = await cancelBooking(w.ctx, w.business.id, owner, { bookingId: noon.id });
    expect(cancelled.status).toBe('cancelled');
    const offered = await em().findOneOrFail(WaitlistEntrySchema, { id: entry.id });
    expect(offered.status).toBe('offered');
    const offer = await em().findOneOrFail(BookingSchema, { id: offered.offerBooking!.id });
    expect(offer.depositMinor).toBe(12000);

    // Turning the offer down closes the entry and frees the slot for others.
    await cancelBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[2]! }, { bookingId: offer.id });
    expect((await em().findOneOrFail(WaitlistEntrySchema, { id: entry.id })).status).toBe('cancelled');
    await expect(acceptWaitlistOffer(w.ctx, w.business.id, w.customers[2]!, entry.id)).rejects.toMatchObject({ code: 'hold_expired' });
  });

  it('survives double taps in one chat: one live hold, no server error', async () => {
    const taps = await Promise.allSettled(
      [9, 10, 11, 14].map((h) =>
        holdSlot(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at(`${String(h).padStart(2, '0')}:00`, 7), source: 'telegram', conversationKey: 'tg:tap' }),
      ),
    );
    expect(taps.filter((t) => t.status === 'rejected')).toEqual([]);
    expect(await em().count(BookingSchema, { conversationKey: 'tg:tap', status: 'held' })).toBe(1);
  });

  it('refuses an idempotency key reused for a different request', async () => {
    await holdSlot(w.ctx, w.business.id, { customerId: w.customers[4]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('15:00', 8), source: 'api', idempotencyKey: 'k-1' });
    await expect(
      holdSlot(w.ctx, w.business.id, { customerId: w.customers[5]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('15:00', 8), source: 'api', idempotencyKey: 'k-1' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('tells the customer "approved, please pay" — not "confirmed" — while a deposit is due', async () => {
    const e = em();
    const surgery = e.create(ServiceSchema, { business: w.business.id, name: 'Surgery', durationMinutes: 60, priceMinor: 100000, currency: 'UAH', requiresApproval: true, depositKind: 'fixed', depositValue: 20000 });
    for (const s of w.staff) {
      const member = await e.findOneOrFail(StaffMemberSchema, { id: s.id }, { populate: ['services'] });
      member.services.add(surgery);
    }
    await e.flush();
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[6]!, serviceId: surgery.id, staffId: null, startsAt: w.at('09:00', 9), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[6]! }, { bookingId: held.id });
    const approved = await approveBooking(w.ctx, w.business.id, owner, { bookingId: held.id });
    expect(approved).toMatchObject({ status: 'pending', awaiting: 'payment' });
    const topics = (await em().find(OutboxMessageSchema, { aggregateId: held.id })).map((m) => m.topic).sort();
    expect(topics).toEqual(['booking.approved', 'booking.created']);
  });

  it.each([
    ['an impossible date', () => listBookableDays(w.ctx, w.business.id, { serviceId: w.haircut.id, firstDate: '2031-13-45', days: 3 })],
    ['February 31st', () => joinWaitlist(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.haircut.id, fromDate: '2031-02-31', toDate: '2031-03-01' })],
    ['a malformed id', () => acceptWaitlistOffer(w.ctx, w.business.id, 'nope', 'nope')],
    ['an instant beyond any calendar', () => holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: null, startsAt: 9e15, source: 'sms' })],
  ])('answers %s with a validation error, not a crash', async (_label, call) => {
    await expect(call()).rejects.toBeInstanceOf(ZodError);
  });
});
