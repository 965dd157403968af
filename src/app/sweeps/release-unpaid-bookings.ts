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
    const due = await em
      .getConnection()
      .execute<{ id: string }[]>(
        `select id from booking where business_id = ? and status = 'pending' and awaiting = 'payment' and payment_due_at <= ?
          order by payment_due_at limit ? for update skip locked`,
        [businessId, new Date(now), limit],
        'all',
        em.getTransactionContext(),
      );
    if (due.length === 0) return [];
    const business = await em.findOne(BusinessSchema, { id: businessId });
    if (!business) throw new NotFound('business');
    const unpaid = await em.find(BookingSchema, { id: { $in: due.map((d) => d.id) } });
    for (const booking of unpaid) {
      applyToBooking(booking, { type: 'cancel', by: 'system', reason: 'payment_expired' }, now, business);
      recordBookingChange(em, booking, 'booking.payment_expired', { kind: 'system' }, { reason: 'payment_expired' });
    }
    await em.flush();
    for (const booking of unpaid) await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
    return unpaid.map((b) => b.id);
  });
}
