import { LockMode } from '@mikro-orm/core';
import { BookingSchema, BusinessSchema, PaymentSchema } from '../../db/entities/index.ts';
import { NotFound } from '../shared/app-errors.ts';
import { releaseUnpaidBooking } from '../payments/settle-booking-payment.ts';
import { inBookingTransaction } from '../booking/booking-transaction.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

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
    // A link that still works past the deadline expires with it: paying it later refunds.
    await em.nativeUpdate(PaymentSchema, { booking: { $in: unpaid.map((b) => b.id) }, status: 'pending' }, { status: 'expired', updatedAt: new Date(now) });
    for (const booking of unpaid) await releaseUnpaidBooking(em, now, booking, business);
    return unpaid.map((b) => b.id);
  });
}
