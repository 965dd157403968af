import type { EntityManager } from '@mikro-orm/postgresql';
import type { Booking, Business } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { refundOnCancel, type CancelRefund } from '../payments/refund-on-cancel.ts';
import { lifecycleActor, type Actor } from '../shared/use-case-context.ts';
import { closeWaitlistOffer, offerFreedSlot } from '../waitlist/offer-freed-slot.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';

/** How a cancellation is worded and settled. */
export interface Cancellation {
  /** The actor's own words ('' for none: the record says who cancelled). */
  reason: string;
  refund: CancelRefund;
  /** The reason is the business's words to the customer: their message quotes it. */
  tellCustomer: boolean;
}

/**
 * Cancels a booking already loaded (and locked) in the caller's transaction: the
 * lifecycle rules (a customer's cutoff included), the refund by policy, the audit and
 * outbox rows, and the freed slot offered to the waitlist. One booking or each visit of
 * a series, the same way.
 */
export async function cancelLoadedBooking(em: EntityManager, now: number, booking: Booking, business: Business, actor: Actor, how: Cancellation): Promise<void> {
  const wasHeld = booking.status === 'held';
  const reason = how.reason || (actor.kind === 'customer' ? 'cancelled_by_customer' : 'cancelled_by_business');
  applyToBooking(booking, { type: 'cancel', by: lifecycleActor(actor), reason }, now, business);
  booking.conversationKey = null;
  await em.flush();
  // Customers get the policy; only the business may decide otherwise.
  const refundMinor = await refundOnCancel(em, now, booking, business, actor.kind === 'customer' ? 'policy' : how.refund);
  const told = how.tellCustomer && how.reason !== '' ? { reasonForCustomer: true } : {};
  recordBookingChange(em, now, booking, wasHeld ? 'booking.hold_released' : 'booking.cancelled', actor, { reason, ...told, ...(refundMinor > 0 ? { refundMinor } : {}) });
  await closeWaitlistOffer(em, booking.id);
  await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
}
