import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link approveBooking} and `declineBooking`. */
export const DecideBookingInput = z.object({
  bookingId: z.uuid(),
  expectedVersion: ExpectedVersion,
  reason: z.string().trim().max(500).default(''),
});

/** Only the business approves or declines. */
export type BusinessActor = Extract<Actor, { kind: 'business' }>;

/**
 * The business approves a booking that awaits its approval: it becomes confirmed, or
 * awaits payment when a deposit is due. Approving twice returns it unchanged.
 */
export async function approveBooking(ctx: UseCaseContext, businessId: string, actor: BusinessActor, rawInput: z.input<typeof DecideBookingInput>): Promise<BookingView> {
  const input = DecideBookingInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'confirmed' || (booking.status === 'pending' && booking.awaiting === 'payment')) return toBookingView(booking);
    if (booking.status !== 'pending' || booking.awaiting !== 'approval') throw new InvalidRequest('This booking is not waiting for approval', 'errors.not_awaiting_approval');
    const now = ctx.now();
    if (booking.depositMinor > 0) {
      booking.awaiting = 'payment';
      booking.paymentDueAt = new Date(now + business.paymentMinutes * 60_000);
      await em.flush();
      recordBookingChange(em, now, booking, 'booking.approved', actor, { awaiting: 'payment' });
    } else {
      applyToBooking(booking, { type: 'confirm', by: 'business' }, now, business);
      await em.flush();
      recordBookingChange(em, now, booking, 'booking.confirmed', actor, { approved: true });
    }
    return toBookingView(booking);
  });
}
