import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChangeCutoffPassed, SlotTaken } from '../../src/domain/index.ts';
import { AuditEntrySchema, BookingSchema, BusinessSchema, CustomerSchema, OutboxMessageSchema, PromoCodeSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { applyPromoCode } from '../../src/app/booking/apply-promo-code.ts';
import { PromoNotApplicable } from '../../src/app/shared/app-errors.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { approveBooking } from '../../src/app/booking/approve-booking.ts';
import { declineBooking } from '../../src/app/booking/decline-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { markCompleted } from '../../src/app/booking/mark-completed.ts';
import { markNoShow } from '../../src/app/booking/mark-no-show.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { bookableServices } from '../../src/app/catalog/bookable-services.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };
const customer = (i: number) => ({ kind: 'customer' as const, customerId: w.customers[i]! });

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  w = await makeBookingWorld(db.orm, { customers: 8 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
/** The booking's status as stored now, not as a use case returned it earlier. */
const statusOf = async (bookingId: string) => (await em().findOneOrFail(BookingSchema, { id: bookingId })).status;
const outbox = async (bookingId: string) => (await em().find(OutboxMessageSchema, { aggregateId: bookingId }, { orderBy: { createdAt: 'asc' } })).map((m) => m.topic);

async function book(i: number, startsAt: number, serviceId = w.haircut.id, staffId: string | null = w.staff[0]!.id) {
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId, staffId, startsAt, source: 'telegram' });
  return confirmBooking(w.ctx, w.business.id, customer(i), { bookingId: held.id });
}

describe('booking changes', () => {
  it('reschedules atomically, keeps history, and tells both sides once', async () => {
    const b = await book(0, w.at('10:00', 2));
    const moved = await rescheduleBooking(w.ctx, w.business.id, customer(0), { bookingId: b.id, startsAt: w.at('15:00', 2) });
    expect(moved).toMatchObject({ id: b.id, status: 'confirmed', startsAt: w.at('15:00', 2), endsAt: w.at('16:00', 2) });
    expect(await outbox(b.id)).toEqual(['booking.created', 'booking.confirmed', 'booking.rescheduled']);
    const history = await em().find(AuditEntrySchema, { entityId: b.id, action: 'booking.rescheduled' });
    expect(history[0]?.details).toMatchObject({ from: { startsAt: new Date(w.at('10:00', 2)).toISOString() } });
    // The old time is free again.
    const taken = await book(1, w.at('10:00', 2));
    expect(await statusOf(taken.id)).toBe('confirmed');
  });

  it('rolls back a failed change completely: no row moved, no audit, no outbox', async () => {
    const a = await book(2, w.at('11:00', 3));
    const blocker = await book(3, w.at('13:00', 3));
    const auditBefore = await em().count(AuditEntrySchema, {});
    const outboxBefore = await em().count(OutboxMessageSchema, {});
    await expect(rescheduleBooking(w.ctx, w.business.id, customer(2), { bookingId: a.id, startsAt: w.at('13:00', 3) })).rejects.toBeInstanceOf(SlotTaken);
    expect((await em().findOneOrFail(BookingSchema, { id: a.id })).startsAt.getTime()).toBe(w.at('11:00', 3));
    expect(await em().count(AuditEntrySchema, {})).toBe(auditBefore);
    expect(await em().count(OutboxMessageSchema, {})).toBe(outboxBefore);
    expect(await statusOf(blocker.id)).toBe('confirmed');
  });

  it('lets a customer cancel before the cutoff but not inside it; the business always can', async () => {
    const early = await book(4, w.at('10:00', 4));
    const cancelled = await cancelBooking(w.ctx, w.business.id, customer(4), { bookingId: early.id, reason: 'changed plans' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'customer', cancelReason: 'changed plans' });
    expect(await outbox(early.id)).toContain('booking.cancelled');

    const soon = await book(4, w.at('12:00', 0)); // today, 4 h after "now"
    w.clock.advanceMinutes(3 * 60); // 1 h before the start, inside the 2 h cutoff
    await expect(cancelBooking(w.ctx, w.business.id, customer(4), { bookingId: soon.id })).rejects.toBeInstanceOf(ChangeCutoffPassed);
    await expect(rescheduleBooking(w.ctx, w.business.id, customer(4), { bookingId: soon.id, startsAt: w.at('16:00', 0) })).rejects.toBeInstanceOf(ChangeCutoffPassed);
    const byBusiness = await cancelBooking(w.ctx, w.business.id, owner, { bookingId: soon.id, reason: 'specialist ill' });
    expect(byBusiness).toMatchObject({ status: 'cancelled', cancelledBy: 'business' });
    expect(await statusOf(soon.id)).toBe('cancelled');
  });

  it("refuses a customer acting on someone else's booking", async () => {
    const b = await book(5, w.at('09:00', 5));
    await expect(cancelBooking(w.ctx, w.business.id, customer(6), { bookingId: b.id })).rejects.toMatchObject({ code: 'not_your_booking' });
  });

  it('takes approval services through pending → confirmed, or declined', async () => {
    const a = await book(0, w.at('09:00', 6), w.consultation.id);
    expect(a).toMatchObject({ status: 'pending', awaiting: 'approval' });
    expect(await outbox(a.id)).toEqual(['booking.created']);
    expect(await approveBooking(w.ctx, w.business.id, owner, { bookingId: a.id })).toMatchObject({ status: 'confirmed', awaiting: null });
    expect(await outbox(a.id)).toEqual(['booking.created', 'booking.confirmed']);

    const b = await book(1, w.at('11:00', 6), w.consultation.id);
    expect(await declineBooking(w.ctx, w.business.id, owner, { bookingId: b.id, reason: 'fully booked' })).toMatchObject({ status: 'cancelled', cancelReason: 'fully booked' });
    expect(await outbox(b.id)).toEqual(['booking.created', 'booking.declined']);
  });

  it('takes every booking through approval when the business asks for it, whatever the service says', async () => {
    // A business of its own: its flag must not change the other tests' bookings.
    const x = await makeBookingWorld(db.orm, { customers: 2 });
    const e = emForBusiness(db.orm, x.business.id);
    e.assign(await e.findOneOrFail(BusinessSchema, { id: x.business.id }), { approvalRequired: true });
    await e.flush();
    const held = await holdSlot(x.ctx, x.business.id, { customerId: x.customers[0]!, serviceId: x.haircut.id, staffId: null, startsAt: x.at('10:00', 2), source: 'telegram' });
    const pending = await confirmBooking(x.ctx, x.business.id, { kind: 'customer', customerId: x.customers[0]! }, { bookingId: held.id });
    expect(pending).toMatchObject({ status: 'pending', awaiting: 'approval' });
    expect((await bookableServices(x.ctx, x.business.id)).every((s) => s.requiresApproval)).toBe(true);
    // With a deposit too, approval comes first.
    const massage = await holdSlot(x.ctx, x.business.id, { customerId: x.customers[1]!, serviceId: x.massage.id, staffId: null, startsAt: x.at('12:00', 2), source: 'telegram' });
    expect(await confirmBooking(x.ctx, x.business.id, { kind: 'customer', customerId: x.customers[1]! }, { bookingId: massage.id })).toMatchObject({ status: 'pending', awaiting: 'approval' });
    // The business's own direct bookings are confirmed at once, as before.
    expect(await createBooking(x.ctx, x.business.id, owner, { customerId: x.customers[0]!, serviceId: x.haircut.id, staffId: x.staff[1]!.id, startsAt: x.at('15:00', 2) })).toMatchObject({ status: 'confirmed' });
    // Off again: the service decides.
    e.assign(await e.findOneOrFail(BusinessSchema, { id: x.business.id }), { approvalRequired: false });
    await e.flush();
    const later = await holdSlot(x.ctx, x.business.id, { customerId: x.customers[1]!, serviceId: x.haircut.id, staffId: null, startsAt: x.at('10:00', 3), source: 'telegram' });
    expect(await confirmBooking(x.ctx, x.business.id, { kind: 'customer', customerId: x.customers[1]! }, { bookingId: later.id })).toMatchObject({ status: 'confirmed' });
    expect((await bookableServices(x.ctx, x.business.id)).find((s) => s.id === x.haircut.id)?.requiresApproval).toBe(false);
  });

  it('keeps deposit bookings pending until paid', async () => {
    const m = await book(2, w.at('09:00', 7), w.massage.id, null);
    expect(m).toMatchObject({ status: 'pending', awaiting: 'payment', depositMinor: 12000 });
    expect(m.resourceId).not.toBeNull();
  });

  it('marks attendance after the start; a no-show counts against the customer once', async () => {
    const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[7]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('10:00', 1) });
    await expect(markNoShow(w.ctx, w.business.id, owner, { bookingId: b.id })).rejects.toMatchObject({ code: 'invalid_booking_transition' });
    w.clock.set(w.at('10:30', 1));
    await markNoShow(w.ctx, w.business.id, owner, { bookingId: b.id });
    await markNoShow(w.ctx, w.business.id, owner, { bookingId: b.id });
    expect((await em().findOneOrFail(CustomerSchema, { id: w.customers[7]! })).noShowCount).toBe(1);
    const c = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[7]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('08:00', 1), force: true });
    expect(await markCompleted(w.ctx, w.business.id, owner, { bookingId: c.id })).toMatchObject({ status: 'completed' });
    expect(await statusOf(b.id)).toBe('no_show');
  });

  it('lets the business book a walk-in outside hours with force, but never over another booking', async () => {
    const late = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('19:00', 8), force: true });
    await expect(
      createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[4]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('19:30', 8), force: true }),
    ).rejects.toBeInstanceOf(SlotTaken);
    expect(await statusOf(late.id)).toBe('confirmed');
  });

  it('fills group sessions seat by seat, and no further', async () => {
    const start = w.at('12:00', 9);
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((i) => holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId: w.yoga.id, staffId: w.staff[0]!.id, startsAt: start, source: 'webchat' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.status === 'rejected' && r.reason instanceof SlotTaken)).toBe(true);
  });

  it('applies a promo code within its caps and re-prices the deposit', async () => {
    const e = em();
    e.create(PromoCodeSchema, { business: w.business.id, code: 'SPRING10', discountKind: 'percent', discountValue: 1000, maxUses: 1 });
    await e.flush();
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[5]!, serviceId: w.massage.id, staffId: null, startsAt: w.at('15:00', 10), source: 'telegram' });
    const priced = await applyPromoCode(w.ctx, w.business.id, customer(5), { bookingId: held.id, code: ' spring10 ' });
    expect(priced).toMatchObject({ priceMinor: 60000, discountMinor: 6000, depositMinor: 10800 });
    const other = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[6]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('15:00', 11), source: 'telegram' });
    // The business is told why; the customer gets one answer for every code that does not apply.
    await expect(applyPromoCode(w.ctx, w.business.id, owner, { bookingId: other.id, code: 'SPRING10' })).rejects.toMatchObject({ reason: 'used_up' });
    await expect(applyPromoCode(w.ctx, w.business.id, customer(6), { bookingId: other.id, code: 'SPRING10' })).rejects.toMatchObject({ reason: 'not_accepted' });
    await expect(applyPromoCode(w.ctx, w.business.id, customer(6), { bookingId: other.id, code: 'NOPE' })).rejects.toBeInstanceOf(PromoNotApplicable);
  });
});
