import { z } from 'zod';
import { WaitlistEntrySchema } from '../../db/entities/index.ts';
import { CustomerBlocked } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { lifecycleActor, type Actor, type UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link confirmBooking}. */
export const ConfirmBookingInput = z.object({ bookingId: z.uuid() });

/**
 * Turns a hold into a booking request: `pending` awaiting approval when the service
 * needs the business's approval (or the business approves every booking), `pending`
 * awaiting payment when a deposit is due, `confirmed` otherwise. Notifies the business (`booking.created`) and, when
 * confirmed, the customer (`booking.confirmed`). Confirming again (a double tap, a
 * retried webhook) returns the booking unchanged and notifies nobody twice.
 * Throws `HoldExpired` when the hold lapsed (the slot must be chosen again).
 */
export async function confirmBooking(ctx: UseCaseContext, businessId: string, actor: Actor, rawInput: z.input<typeof ConfirmBookingInput>): Promise<BookingView> {
  const input = ConfirmBookingInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, undefined, ['customer', 'service']);
    if (booking.status === 'pending' || booking.status === 'confirmed') return toBookingView(booking);
    const now = ctx.now();
    const by = lifecycleActor(actor);
    if (booking.customer.getEntity().blocked && actor.kind === 'customer') throw new CustomerBlocked();
    const service = booking.service.getEntity();
    // The business may ask to approve every booking, whatever its service says.
    const needsApproval = service.requiresApproval || business.approvalRequired;
    const confirmsNow = !needsApproval && booking.depositMinor === 0;
    if (needsApproval) {
      applyToBooking(booking, { type: 'await', by, awaiting: 'approval' }, now, business);
    } else if (booking.depositMinor > 0) {
      applyToBooking(booking, { type: 'await', by, awaiting: 'payment' }, now, business);
      booking.paymentDueAt = new Date(now + business.paymentMinutes * 60_000);
    } else {
      applyToBooking(booking, { type: 'confirm', by }, now, business);
    }
    // A waitlist offer is a hold no chat took (offer-freed-slot.ts): a chat's own hold
    // needs no look for one.
    const mayBeOffer = booking.conversationKey === null;
    booking.conversationKey = null;
    const offer = mayBeOffer ? await em.findOne(WaitlistEntrySchema, { offerBooking: booking.id, status: 'offered' }) : null;
    if (offer) offer.status = 'booked';
    await em.flush();
    recordBookingChange(em, now, booking, 'booking.created', actor, { awaiting: booking.awaiting ?? null });
    if (confirmsNow) recordBookingChange(em, now, booking, 'booking.confirmed', actor);
    return toBookingView(booking);
  });
}
