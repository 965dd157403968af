import type { EntityManager } from '@mikro-orm/postgresql';
import type { Booking, Business } from '../../db/entities/index.ts';
import { applyToBooking } from '../booking/booking-lifecycle-adapter.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import type { Actor } from '../shared/use-case-context.ts';
import { offerFreedSlot } from '../waitlist/offer-freed-slot.ts';

/** Whether a booking still waits for its deposit (and so may be confirmed by it). */
export function awaitsPayment(booking: Booking): boolean {
  return booking.status === 'pending' && booking.awaiting === 'payment';
}

/**
 * The deposit arrived: the booking waiting for it is confirmed, its payment deadline
 * cleared, and both sides are told (`booking.confirmed`, marked paid). In the caller's
 * transaction, the booking locked by it.
 */
export function confirmPaidBooking(em: EntityManager, now: number, booking: Booking, business: Business, actor: Extract<Actor, { kind: 'business' | 'system' }>, details: Record<string, unknown>): void {
  applyToBooking(booking, { type: 'confirm', by: actor.kind }, now, business);
  booking.paymentDueAt = null;
  recordBookingChange(em, now, booking, 'booking.confirmed', actor, { paid: true, ...details });
}

/**
 * The deposit did not come in time (the link expired, the payment failed, the team saw
 * nothing arrive): the booking is cancelled by the system (`payment_expired`), the
 * customer and the team are told, and the slot goes to the waitlist.
 */
export async function releaseUnpaidBooking(em: EntityManager, now: number, booking: Booking, business: Business, details: Record<string, unknown> = {}): Promise<void> {
  applyToBooking(booking, { type: 'cancel', by: 'system', reason: 'payment_expired' }, now, business);
  recordBookingChange(em, now, booking, 'booking.payment_expired', { kind: 'system' }, { reason: 'payment_expired', ...details });
  await em.flush();
  await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
}
