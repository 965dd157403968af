import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lapsedHoldInTheWay } from '../../domain/index.ts';
import { BookingSchema, BusinessSchema, WaitlistEntrySchema, type Booking, type Business } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import type { SlotPlacement } from './place-slot.ts';

/**
 * Releases the business's holds that lapsed by `now` (up to `limit`, oldest first),
 * in the caller's transaction: each is cancelled by the system (`hold_expired`, or
 * `waitlist.offer_expired` for an offer, whose entry expires) with its notification,
 * and its slot is marked for the waitlist (`waitlistOfferDue`: the sweep offers it).
 * Rows another transaction is releasing are skipped, not waited for.
 */
export async function releaseLapsedHolds(em: EntityManager, business: Business, now: number, limit = 100): Promise<Booking[]> {
  const lapsed = await em.find(
    BookingSchema,
    { status: 'held', holdExpiresAt: { $lte: new Date(now) } },
    { orderBy: { holdExpiresAt: 'asc' }, limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
  );
  return expireHolds(em, business, lapsed, now);
}

/**
 * Releases the lapsed holds that stand in a placement's way — the same staff member's
 * or resource's, overlapping its blocked time — and no others: a customer's booking
 * never does the sweep's work for the rest of the business. The availability engine
 * already ignored them, so the common case ("none") costs no query.
 */
export async function releaseLapsedHoldsUnder(em: EntityManager, businessId: string, placement: SlotPlacement, now: number): Promise<Booking[]> {
  if (!lapsedHoldInTheWay(placement.loaded.input.bookings, placement, now)) return [];
  const owners = placement.resourceId ? [{ staffMember: placement.staffId }, { resource: placement.resourceId }] : [{ staffMember: placement.staffId }];
  const lapsed = await em.find(
    BookingSchema,
    {
      status: 'held',
      holdExpiresAt: { $lte: new Date(now) },
      blockedFrom: { $lt: new Date(placement.blockedUntil) },
      blockedUntil: { $gt: new Date(placement.blockedFrom) },
      $or: owners,
    },
    { orderBy: { holdExpiresAt: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
  );
  if (lapsed.length === 0) return [];
  return expireHolds(em, await em.findOneOrFail(BusinessSchema, { id: businessId }), lapsed, now);
}

async function expireHolds(em: EntityManager, business: Business, lapsed: Booking[], now: number): Promise<Booking[]> {
  for (const booking of lapsed) {
    applyToBooking(booking, { type: 'expire_hold' }, now, business);
    booking.waitlistOfferDue = true;
    const offer = await em.findOne(WaitlistEntrySchema, { offerBooking: booking.id, status: 'offered' });
    if (offer) offer.status = 'expired';
    recordBookingChange(em, now, booking, offer ? 'waitlist.offer_expired' : 'booking.hold_expired', { kind: 'system' }, offer ? { waitlistEntryId: offer.id } : {});
  }
  await em.flush();
  return lapsed;
}
