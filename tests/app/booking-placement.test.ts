import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, OutboxMessageSchema, WaitlistEntrySchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { releaseExpiredHolds } from '../../src/app/sweeps/release-expired-holds.ts';
import { joinWaitlist } from '../../src/app/waitlist/join-waitlist.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

// A booking's transaction releases only the lapsed holds in its own way; the rest of
// the business's lapsed holds, and offering freed slots to the waitlist, are the sweep's.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());
// Each test counts what the sweep finds in its business: every test gets a business of
// its own, so no other test's lapsed holds are in the count.
beforeEach(async () => {
  w = await makeBookingWorld(db.orm, { customers: 6, staff: 2 });
});

const em = () => emForBusiness(db.orm, w.business.id);
const bookingOf = (id: string) => em().findOneOrFail(BookingSchema, { id });
const hold = (customer: number, staff: number, startsAt: number, serviceId = w.haircut.id) =>
  holdSlot(w.ctx, w.business.id, { customerId: w.customers[customer]!, serviceId, staffId: w.staff[staff]!.id, startsAt, source: 'telegram' });

describe('booking placement and lapsed holds', () => {
  it('leaves another specialist’s lapsed hold alone, and releases the one in its way before booking', async () => {
    const inTheWay = await hold(0, 0, w.at('10:00', 2));
    const elsewhere = await hold(1, 1, w.at('10:00', 2));
    w.clock.advanceMinutes(11); // both holds (10 min) have lapsed; no sweep has run

    const booked = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 2) });
    expect(booked.status).toBe('confirmed');

    const released = await bookingOf(inTheWay.id);
    expect(released).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired', waitlistOfferDue: true });
    expect(await em().count(OutboxMessageSchema, { topic: 'booking.hold_expired', aggregateId: inTheWay.id })).toBe(1);

    const untouched = await bookingOf(elsewhere.id);
    expect(untouched.status).toBe('held');
    expect(untouched.waitlistOfferDue).toBe(false);
    expect(await em().count(OutboxMessageSchema, { aggregateId: elsewhere.id })).toBe(0);

    // The sweep still does its work for the rest of the business.
    expect(await releaseExpiredHolds(w.ctx, w.business.id)).toEqual([elsewhere.id]);
    expect((await bookingOf(elsewhere.id)).status).toBe('cancelled');
  });

  it('offers the slot a booking freed on its way to the waitlist through the sweep, from the channel the customer asked on', async () => {
    // A one-hour hold 14:00–15:00 lapses; a half-hour booking at 14:30 releases it,
    // leaving 14:00–14:30 free for someone waiting for a half-hour consultation.
    const lapsed = await hold(0, 0, w.at('14:00', 3));
    const waiting = await joinWaitlist(w.ctx, w.business.id, {
      customerId: w.customers[3]!,
      serviceId: w.consultation.id,
      staffId: w.staff[0]!.id,
      fromDate: '2031-03-06',
      toDate: '2031-03-06',
      source: 'whatsapp',
    });
    w.clock.advanceMinutes(11);
    await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[4]!, serviceId: w.consultation.id, staffId: w.staff[0]!.id, startsAt: w.at('14:30', 3) });

    // Not in the booking's transaction: the entry still waits, the freed slot is due.
    expect((await em().findOneOrFail(WaitlistEntrySchema, { id: waiting.id })).status).toBe('waiting');
    expect((await bookingOf(lapsed.id)).waitlistOfferDue).toBe(true);

    expect(await releaseExpiredHolds(w.ctx, w.business.id)).toEqual([]);
    const entry = await em().findOneOrFail(WaitlistEntrySchema, { id: waiting.id });
    expect(entry.status).toBe('offered');
    const offer = await bookingOf(entry.offerBooking!.id);
    expect(offer).toMatchObject({ status: 'held', source: 'whatsapp', customer: { id: w.customers[3]! } });
    expect(offer.startsAt.getTime()).toBe(w.at('14:00', 3));
    expect((await bookingOf(lapsed.id)).waitlistOfferDue).toBe(false);

    // Offered once: the next sweep finds nothing due.
    await releaseExpiredHolds(w.ctx, w.business.id);
    expect(await em().count(OutboxMessageSchema, { topic: 'waitlist.offer', aggregateId: offer.id })).toBe(1);
  });

  it('moves a booking onto a time a lapsed hold still blocks, releasing that hold and only it', async () => {
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('09:00', 4) });
    const inTheWay = await hold(1, 1, w.at('16:00', 4));
    const elsewhere = await hold(2, 0, w.at('16:00', 4));
    w.clock.advanceMinutes(11);
    const moved = await rescheduleBooking(w.ctx, w.business.id, owner, { bookingId: booking.id, startsAt: w.at('16:00', 4) });
    expect(moved.startsAt).toBe(w.at('16:00', 4));
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'confirmed', staffMember: { id: w.staff[1]!.id } });
    expect(await bookingOf(inTheWay.id)).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired', waitlistOfferDue: true });
    expect((await bookingOf(elsewhere.id)).status).toBe('held');
  });
});
