import { type z } from 'zod';
import { InvalidRequest } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { DecideBookingInput, type BusinessActor } from './approve-booking.ts';
import { closeWaitlistOffer, offerFreedSlot } from '../waitlist/offer-freed-slot.ts';

/** The business declines a pending booking: it is cancelled (reason recorded), the customer told, the slot offered to the waitlist. */
export async function declineBooking(ctx: UseCaseContext, businessId: string, actor: BusinessActor, rawInput: z.input<typeof DecideBookingInput>): Promise<BookingView> {
  const input = DecideBookingInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'cancelled') return toBookingView(booking);
    if (booking.status !== 'pending') throw new InvalidRequest('Only a pending booking can be declined', 'errors.not_pending');
    const now = ctx.now();
    const reason = input.reason || 'declined';
    applyToBooking(booking, { type: 'cancel', by: 'business', reason }, now, business);
    await em.flush();
    recordBookingChange(em, now, booking, 'booking.declined', actor, { reason });
    await closeWaitlistOffer(em, booking.id);
    await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
    return toBookingView(booking);
  });
}
