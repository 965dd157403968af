import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlotTaken } from '../../../src/domain/index.ts';
import { AuditEntrySchema, BookingSchema, CustomerSchema, OutboxMessageSchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { CreateBookingInput, createBooking, createBookingInTransaction } from '../../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { CustomerBlocked } from '../../../src/app/shared/app-errors.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

// createBooking writes most bookings in one statement (bookInOneStatement): the same
// rows as its transaction, the same answers to a lost race, a blocked customer or a
// retried key, and the transaction for what one statement cannot do.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());
beforeEach(async () => {
  w = await makeBookingWorld(db.orm, { customers: 6, staff: 2 });
});

const em = () => emForBusiness(db.orm, w.business.id);
const request = (customer: number, staff: number, time: string, day = 2) => ({
  customerId: w.customers[customer]!,
  serviceId: w.haircut.id,
  staffId: w.staff[staff]!.id,
  startsAt: w.at(time, day),
});

async function rowsOf(bookingId: string) {
  const booking = await em().findOneOrFail(BookingSchema, { id: bookingId });
  const audits = await em().find(AuditEntrySchema, { entityId: bookingId }, { orderBy: { action: 'asc' } });
  const outbox = await em().find(OutboxMessageSchema, { aggregateId: bookingId }, { orderBy: { topic: 'asc' } });
  return { booking, audits, outbox };
}

// What must be the same whichever way the booking was written (not ids, times or clocks).
function comparable({ booking, audits, outbox }: Awaited<ReturnType<typeof rowsOf>>) {
  const { id: _id, startsAt: _s, endsAt: _e, blockedFrom: _bf, blockedUntil: _bu, createdAt: _c, updatedAt: _u, customer: _cu, ...rest } = booking;
  return {
    booking: { ...rest, business: booking.business.id, service: booking.service.id, staffMember: booking.staffMember.id, customer: undefined },
    minutes: [(booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000, (booking.startsAt.getTime() - booking.blockedFrom.getTime()) / 60_000],
    audits: audits.map((a) => ({ actorKind: a.actorKind, actorId: a.actorId, action: a.action, entityType: a.entityType, details: a.details, at: a.createdAt.getTime() })),
    outbox: outbox.map((o) => {
      const { bookingId: _b, customerId: _c2, startsAt: _s2, endsAt: _e2, ...payload } = o.payload;
      return { topic: o.topic, aggregateType: o.aggregateType, status: o.status, attempts: o.attempts, availableAt: o.availableAt.getTime(), payload, dedupe: o.dedupeKey.split(':')[0] };
    }),
  };
}

describe('a booking in one statement', () => {
  it('writes the same booking, audit entries and outbox messages as the transaction', async () => {
    const direct = await createBooking(w.ctx, w.business.id, owner, { ...request(0, 0, '10:00'), notes: 'window seat' });
    const viaTransaction = await createBookingInTransaction(w.ctx, w.business.id, owner, CreateBookingInput.parse({ ...request(1, 0, '12:00'), notes: 'window seat' }));

    const a = await rowsOf(direct.id);
    const b = await rowsOf(viaTransaction.id);
    expect(a.audits.map((x) => x.action)).toEqual(['booking.confirmed', 'booking.created']);
    expect(a.outbox.map((x) => x.topic)).toEqual(['booking.confirmed', 'booking.created']);
    expect(comparable(a)).toEqual(comparable(b));
    expect(a.booking.version).toBe(1);
    // Each outbox row is keyed by its own audit entry, as in the transaction.
    expect(a.outbox.map((o) => o.dedupeKey).sort()).toEqual(a.audits.map((x) => `${x.action}:${x.id}`).sort());
    // The answer is what the row says.
    const { booking } = a;
    expect(direct).toEqual({
      id: booking.id,
      status: 'confirmed',
      awaiting: null,
      serviceId: w.haircut.id,
      staffId: w.staff[0]!.id,
      resourceId: null,
      customerId: w.customers[0],
      startsAt: booking.startsAt.getTime(),
      endsAt: booking.endsAt.getTime(),
      holdExpiresAt: null,
      priceMinor: booking.priceMinor,
      discountMinor: 0,
      depositMinor: booking.depositMinor,
      currency: booking.currency,
      source: 'admin',
      cancelledBy: null,
      cancelReason: null,
    });
  });

  it('answers a lost race with alternatives and leaves no audit or outbox row behind', async () => {
    const outcomes = await Promise.allSettled([0, 1, 2, 3].map((c) => createBooking(w.ctx, w.business.id, owner, request(c, 1, '15:00'))));
    const booked = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const error of refused) {
      expect(error).toBeInstanceOf(SlotTaken);
      const alternatives = (error as SlotTaken).alternatives;
      expect(alternatives.length).toBeGreaterThan(0);
      expect(alternatives.map((s) => s.startsAt)).not.toContain(w.at('15:00', 2));
    }
    expect(await em().count(BookingSchema, {})).toBe(1);
    expect(await em().count(AuditEntrySchema, { entityType: 'booking' })).toBe(2);
    expect(await em().count(OutboxMessageSchema, {})).toBe(2);
  });

  it('checks a slot on the bookings in its way alone, yet offers alternatives that skip every booked time', async () => {
    // Specialist 1 is booked at 15:00 and from 16:00 to 18:00: a refusal at 15:00 must not offer 16:00 or 17:00.
    for (const [c, time] of [[0, '15:00'], [1, '16:00'], [2, '17:00']] as const) await createBooking(w.ctx, w.business.id, owner, request(c, 1, time));
    const refusal = await createBooking(w.ctx, w.business.id, owner, request(3, 1, '15:00')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SlotTaken);
    const offered = (refusal as SlotTaken).alternatives.map((s) => s.startsAt);
    expect(offered.length).toBeGreaterThan(0);
    for (const booked of ['15:00', '16:00', '17:00', '15:30', '16:30']) expect(offered).not.toContain(w.at(booked, 2));
    // The slot right next to the booked ones is still taken when it is free.
    expect((await createBooking(w.ctx, w.business.id, owner, request(3, 1, '14:00'))).status).toBe('confirmed');
  });

  it('counts the whole day for a specialist with a daily cap', async () => {
    await em().nativeUpdate(StaffMemberSchema, { id: w.staff[0]!.id }, { dailyBookingCap: 2 });
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '09:00'));
    await createBooking(w.ctx, w.business.id, owner, request(1, 0, '17:00'));
    await expect(createBooking(w.ctx, w.business.id, owner, request(2, 0, '13:00'))).rejects.toBeInstanceOf(SlotTaken);
    expect(await em().count(BookingSchema, { staffMember: w.staff[0]!.id })).toBe(2);
  });

  it('refuses a blocked customer and writes nothing', async () => {
    await em().nativeUpdate(CustomerSchema, { id: w.customers[3]! }, { blocked: true });
    await expect(createBooking(w.ctx, w.business.id, owner, request(3, 0, '11:00'))).rejects.toBeInstanceOf(CustomerBlocked);
    expect(await em().count(BookingSchema, {})).toBe(0);
    expect(await em().count(OutboxMessageSchema, {})).toBe(0);
  });

  it('answers a retried idempotency key with the first booking, and refuses the key for another request', async () => {
    const first = await createBooking(w.ctx, w.business.id, owner, { ...request(0, 0, '13:00'), idempotencyKey: 'desk-1' });
    const again = await createBooking(w.ctx, w.business.id, owner, { ...request(0, 0, '13:00'), idempotencyKey: 'desk-1' });
    expect(again.id).toBe(first.id);
    await expect(createBooking(w.ctx, w.business.id, owner, { ...request(1, 0, '14:00'), idempotencyKey: 'desk-1' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await em().count(BookingSchema, {})).toBe(1);
    expect(await em().count(OutboxMessageSchema, {})).toBe(2);
  });

  it('leaves group seats and a lapsed hold in the way to the transaction', async () => {
    const seat = await createBooking(w.ctx, w.business.id, owner, { ...request(0, 0, '16:00'), serviceId: w.yoga.id });
    const secondSeat = await createBooking(w.ctx, w.business.id, owner, { ...request(1, 0, '16:00'), serviceId: w.yoga.id });
    expect(secondSeat.id).not.toBe(seat.id);
    expect(await em().count(BookingSchema, { service: w.yoga.id, status: 'confirmed' })).toBe(2);

    const lapsed = await holdSlot(w.ctx, w.business.id, { ...request(2, 1, '10:00'), source: 'telegram' });
    w.clock.advanceMinutes(11);
    const booked = await createBooking(w.ctx, w.business.id, owner, request(3, 1, '10:00'));
    expect(booked.status).toBe('confirmed');
    expect(await em().findOneOrFail(BookingSchema, { id: lapsed.id })).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired' });
  });
});
