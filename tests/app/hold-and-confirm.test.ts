import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlotTaken, HoldExpired } from '../../src/domain/index.ts';
import { BookingSchema, CustomerSchema, OutboxMessageSchema, AuditEntrySchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { holdSlot, holdSlotFor } from '../../src/app/booking/hold-slot.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { releaseExpiredHolds } from '../../src/app/sweeps/release-expired-holds.ts';
import { CustomerBlocked, SlotUnavailable } from '../../src/app/shared/app-errors.ts';
import { updateCustomer } from '../../src/app/customers/update-customer.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 30 });
  w = await makeBookingWorld(db.orm, { customers: 6 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
/** The booking's status as stored now, not as a use case returned it earlier. */
const statusOf = async (bookingId: string) => (await em().findOneOrFail(BookingSchema, { id: bookingId })).status;
const topics = async (bookingId: string) =>
  (await em().find(OutboxMessageSchema, { aggregateId: bookingId }, { orderBy: { createdAt: 'asc' } })).map((m) => m.topic).sort();

describe('hold and confirm', () => {
  it('holds a slot, then confirms it, notifying the business and the customer once', async () => {
    const held = await holdSlot(w.ctx, w.business.id, {
      customerId: w.customers[0]!,
      serviceId: w.haircut.id,
      staffId: null,
      startsAt: w.at('10:00'),
      source: 'telegram',
      conversationKey: 'tg:1',
    });
    expect(held).toMatchObject({ status: 'held', priceMinor: 60000, depositMinor: 0, startsAt: w.at('10:00'), endsAt: w.at('11:00') });
    expect(held.holdExpiresAt).toBe(w.clock.now() + 10 * 60_000);
    expect(await topics(held.id)).toEqual([]);

    const confirmed = await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });
    expect(confirmed.status).toBe('confirmed');
    expect(await statusOf(held.id)).toBe('confirmed');
    expect(await topics(held.id)).toEqual(['booking.confirmed', 'booking.created']);

    // A double tap: same booking, no second notification.
    const again = await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });
    expect(again).toEqual(confirmed);
    expect(await statusOf(held.id)).toBe('confirmed');
    expect(await topics(held.id)).toEqual(['booking.confirmed', 'booking.created']);
    expect(await em().count(AuditEntrySchema, { entityId: held.id })).toBe(3);
  });

  it('refuses a taken slot with SlotTaken and three free alternatives', async () => {
    const first = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00'), source: 'telegram' });
    const error = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00'), source: 'telegram' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotTaken);
    const alternatives = (error as SlotTaken).alternatives;
    expect(alternatives).toHaveLength(3);
    expect(alternatives.every((a) => a.startsAt > w.at('12:00') && a.staffIds.includes(w.staff[0]!.id))).toBe(true);
    expect(alternatives[0]!.local).toEqual({ date: '2031-03-04', time: '13:00' });
    expect(await statusOf(first.id)).toBe('held');
  });

  it('explains why a slot outside the rules cannot be booked', async () => {
    const tooEarly = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('07:00'), source: 'sms' }).catch((e: unknown) => e);
    expect(tooEarly).toBeInstanceOf(SlotUnavailable);
    expect((tooEarly as SlotUnavailable).reason).toBe('outside_working_hours');
    expect((tooEarly as SlotUnavailable).alternatives.length).toBeGreaterThan(0);
    const tooSoon = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('08:30', 0), source: 'sms' }).catch((e: unknown) => e);
    expect((tooSoon as SlotUnavailable).reason).toBe('too_soon');
  });

  it('keeps one live hold per conversation: a new choice releases the previous one', async () => {
    const a = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('14:00'), source: 'telegram', conversationKey: 'tg:3' });
    const b = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('15:00'), source: 'telegram', conversationKey: 'tg:3' });
    const first = await em().findOneOrFail(BookingSchema, { id: a.id });
    expect(first.status).toBe('cancelled');
    expect(first.cancelReason).toBe('hold_replaced');
    // The released slot can be taken by someone else; the new choice stays held.
    const other = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[4]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('14:00'), source: 'sms' });
    expect(await statusOf(other.id)).toBe('held');
    expect(await statusOf(b.id)).toBe('held');
  });

  it('never lets an expired hold block, and releases it with a notice to the customer', async () => {
    const stale = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('16:00', 2), source: 'telegram' });
    w.clock.advanceMinutes(11);
    const fresh = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('16:00', 2), source: 'telegram' });
    expect(await statusOf(fresh.id)).toBe('held');
    const released = await em().findOneOrFail(BookingSchema, { id: stale.id });
    expect(released).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired', cancelledBy: 'system' });
    expect(await topics(stale.id)).toEqual(['booking.hold_expired']);
    // Confirming the lapsed hold is refused: it was released, not merely lapsed.
    await expect(confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: stale.id })).rejects.toMatchObject({
      code: 'invalid_booking_transition',
    });
    w.clock.advanceMinutes(11);
    await expect(confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[1]! }, { bookingId: fresh.id })).rejects.toBeInstanceOf(HoldExpired);
    expect(await releaseExpiredHolds(w.ctx, w.business.id)).toContain(fresh.id);
    expect(await releaseExpiredHolds(w.ctx, w.business.id)).toEqual([]);
  });

  it('returns the same booking for a retried request with the same idempotency key, even concurrently', async () => {
    const request = { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('10:00', 3), source: 'webchat' as const, idempotencyKey: 'tap-42' };
    const results = await Promise.all([holdSlot(w.ctx, w.business.id, request), holdSlot(w.ctx, w.business.id, request), holdSlot(w.ctx, w.business.id, request)]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const again = await holdSlot(w.ctx, w.business.id, request);
    expect(again.id).toBe(results[0]!.id);
    expect(await em().count(BookingSchema, { idempotencyKey: 'tap-42' })).toBe(1);
  });

  it('tells a chat the holder’s name and phone as the hold read them, and nothing on a replay', async () => {
    await em().nativeUpdate(CustomerSchema, { id: w.customers[3]! }, { name: 'Olha', phone: '+380671234567' });
    await em().nativeUpdate(CustomerSchema, { id: w.customers[4]! }, { name: '', phone: null });
    const request = { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00', 5), source: 'telegram' as const, idempotencyKey: 'tap-77' };
    const first = await holdSlotFor(w.ctx, w.business.id, request);
    expect(first.holder).toEqual({ name: 'Olha', phone: '+380671234567' });
    expect(first.hold.status).toBe('held');
    const replay = await holdSlotFor(w.ctx, w.business.id, request);
    expect(replay).toEqual({ hold: first.hold, holder: null });
    const unknown = await holdSlotFor(w.ctx, w.business.id, { ...request, customerId: w.customers[4]!, startsAt: w.at('14:00', 5), idempotencyKey: null });
    expect(unknown.holder).toEqual({ name: '', phone: null });
  });

  it('does not let a blocked customer book', async () => {
    await updateCustomer(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[5]!, blocked: true });
    await expect(
      holdSlot(w.ctx, w.business.id, { customerId: w.customers[5]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('11:00', 4), source: 'sms' }),
    ).rejects.toBeInstanceOf(CustomerBlocked);
  });

  it('rejects malformed input before touching the database', async () => {
    await expect(holdSlot(w.ctx, w.business.id, { customerId: 'nope', serviceId: w.haircut.id, staffId: null, startsAt: 1.5, source: 'sms' })).rejects.toThrow(/Invalid/);
  });
});
