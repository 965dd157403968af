import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { PaymentSchema } from '../../db/entities/index.ts';
import { bookingForChange } from '../booking/booking-for-change.ts';
import { inBookingTransaction } from '../booking/booking-transaction.ts';
import { toBookingView, type BookingView } from '../booking/booking-view.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { awaitsPayment, releaseUnpaidBooking } from './settle-booking-payment.ts';

/** Input of {@link markDepositNotReceived}. */
export const MarkDepositNotReceivedInput = z.object({ bookingId: z.uuid(), expectedVersion: ExpectedVersion });

/**
 * The team checked and the deposit did not come (a Kaspi transfer the customer said they
 * made): the pending payment fails ("not received"), the slot is released and the
 * customer and the team are told, like a deadline passing. A booking that no longer waits
 * for payment is refused; asked again after the release, it returns the booking unchanged.
 */
export async function markDepositNotReceived(ctx: UseCaseContext, businessId: string, actor: Extract<Actor, { kind: 'business' }>, raw: z.input<typeof MarkDepositNotReceivedInput>): Promise<BookingView> {
  const input = MarkDepositNotReceivedInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'cancelled') return toBookingView(booking);
    if (!awaitsPayment(booking)) throw new InvalidRequest('This booking is not waiting for payment', 'errors.not_awaiting_payment');
    const now = ctx.now();
    const payment = await em.findOne(PaymentSchema, { booking: booking.id, status: 'pending' });
    if (payment) {
      payment.status = 'failed';
      payment.problem = 'not received (checked by the team)';
    }
    await releaseUnpaidBooking(em, now, booking, business, { notReceived: true, ...(actor.staffId ? { staffId: actor.staffId } : {}) });
    return toBookingView(booking);
  });
}
