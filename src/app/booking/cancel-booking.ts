import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { cancelLoadedBooking } from './cancel-loaded-booking.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link cancelBooking}. */
export const CancelBookingInput = z.object({
  bookingId: z.uuid(),
  expectedVersion: ExpectedVersion,
  reason: z.string().trim().max(500).default(''),
  /** Money paid for it: by the refund policy, or (the business only) all back or none. */
  refund: z.enum(['policy', 'full', 'none']).default('policy'),
  /**
   * The reason is the business's own words to the customer (typed in the team chat):
   * their cancellation message quotes it. Otherwise it is for the audit log only.
   */
  tellCustomer: z.boolean().default(false),
});

/**
 * Cancels a held, pending or confirmed booking. A customer cannot cancel inside the
 * policy cutoff (`ChangeCutoffPassed`); the business always can. Who and why are
 * recorded; the business and the customer are told (`booking.cancelled`, quoting the
 * reason when `tellCustomer`); the freed slot is offered to the first matching customer
 * on the waitlist. A paid deposit is refunded by policy (all before the cutoff, kept
 * after it) unless the business says otherwise. Cancelling an already cancelled
 * booking returns it unchanged.
 */
export async function cancelBooking(ctx: UseCaseContext, businessId: string, actor: Actor, rawInput: z.input<typeof CancelBookingInput>): Promise<BookingView> {
  const input = CancelBookingInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'cancelled') return toBookingView(booking);
    await cancelLoadedBooking(em, ctx.now(), booking, business, actor, input);
    return toBookingView(booking);
  });
}
