import { LockMode } from '@mikro-orm/core';
import { BookingSchema, BusinessSchema } from '../../db/entities/index.ts';
import { NotFound } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from '../booking/booking-lifecycle-adapter.ts';
import { inBookingTransaction } from '../booking/booking-transaction.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { offerFreedSlot } from '../waitlist/offer-freed-slot.ts';

/**
 * Releases the business's bookings whose deposit was not paid by their due time
 * (the business's `paymentMinutes` after they started waiting for it): each is
 * cancelled by the system (`payment_expired`), the customer and the team are told,
 * and the slot goes to the waitlist. Rows another worker is releasing are skipped.
 */
export async function releaseUnpaidBookings(ctx: UseCaseContext, businessId: string, limit = 100): Promise<string[]> {
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const now = ctx.now();
    const unpaid = await em.find(
      BookingSchema,
      { status: 'pending', awaiting: 'payment', paymentDueAt: { $lte: new Date(now) } },
      { orderBy: { paymentDueAt: 'asc' }, limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
    if (unpaid.length === 0) return [];
    const business = await em.findOne(BusinessSchema, { id: businessId });
    if (!business) throw new NotFound('business');
    for (const booking of unpaid) {
      applyToBooking(booking, { type: 'cancel', by: 'system', reason: 'payment_expired' }, now, business);
      recordBookingChange(em, now, booking, 'booking.payment_expired', { kind: 'system' }, { reason: 'payment_expired' });
    }
    await em.flush();
    for (const booking of unpaid) await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
    return unpaid.map((b) => b.id);
  });
}
