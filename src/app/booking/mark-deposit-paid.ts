import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { PaymentSchema } from '../../db/entities/index.ts';
import { confirmPaidBooking } from '../payments/settle-booking-payment.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link markDepositPaid}. */
export const MarkDepositPaidInput = z.object({ bookingId: z.uuid(), expectedVersion: ExpectedVersion });

/**
 * The business saw the deposit arrive (cash, a Kaspi transfer): a booking waiting for
 * payment becomes confirmed and its payment deadline is cleared; both sides are told
 * (`booking.confirmed`). The pending payment, if one was asked for, is marked paid by
 * whoever said so. Marking it again returns it unchanged. A booking still waiting for
 * approval must be approved first.
 */
export async function markDepositPaid(ctx: UseCaseContext, businessId: string, actor: Extract<Actor, { kind: 'business' | 'system' }>, raw: z.input<typeof MarkDepositPaidInput>): Promise<BookingView> {
  const input = MarkDepositPaidInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'confirmed' && booking.paymentDueAt === null) return toBookingView(booking);
    if (booking.status !== 'pending' || booking.awaiting !== 'payment') throw new InvalidRequest('This booking is not waiting for payment', 'errors.not_awaiting_payment');
    const now = ctx.now();
    const payment = await em.findOne(PaymentSchema, { booking: booking.id, status: 'pending' });
    if (payment) {
      payment.status = 'paid';
      payment.paidAt = new Date(now);
      payment.markedPaidBy = actor.kind === 'business' ? (actor.staffId ? `staff:${actor.staffId}` : actor.userId ? `user:${actor.userId}` : 'business') : 'system';
      const paid = { paymentId: payment.id, bookingId: booking.id, provider: payment.provider, amountMinor: payment.amountMinor, currency: payment.currency };
      queueNotification(em, now, { businessId, topic: 'payment.paid', aggregateId: payment.id, payload: paid });
    }
    confirmPaidBooking(em, now, booking, business, actor, payment ? { paymentId: payment.id, provider: payment.provider, amountMinor: payment.amountMinor, currency: payment.currency } : {});
    await em.flush();
    return toBookingView(booking);
  });
}
