import { z } from 'zod';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { closeWaitlistOffer } from '../waitlist/offer-freed-slot.ts';

/** Input of {@link releaseHold}. */
export const ReleaseHoldInput = z.object({
  customerId: z.uuid(),
  bookingId: z.uuid(),
  reason: z.enum(['abandoned', 'changed_mind']).default('changed_mind'),
});

/**
 * A customer lets go of a slot they were holding (went back, cancelled the summary, or
 * the chat timed out): the hold ends quietly — nobody is notified of a booking that
 * never was. Anything but a live hold is left as it is. Returns true when released.
 */
export async function releaseHold(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ReleaseHoldInput>): Promise<boolean> {
  const input = ReleaseHoldInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, { kind: 'customer', customerId: input.customerId });
    if (booking.status !== 'held') return false;
    await closeWaitlistOffer(em, booking.id);
    applyToBooking(booking, { type: 'cancel', by: 'customer', reason: input.reason }, ctx.now(), business);
    booking.conversationKey = null;
    await em.flush();
    recordBookingChange(em, ctx.now(), booking, 'booking.hold_released', { kind: 'customer', customerId: input.customerId }, { reason: input.reason });
    return true;
  });
}
