import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, BusinessSchema, WaitlistEntrySchema, type Business } from '../../db/entities/index.ts';
import { applyToBooking } from '../booking/booking-lifecycle-adapter.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { inBookingTransaction } from '../booking/slot-reservation.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { offerFreedSlot } from '../waitlist/offer-freed-slot.ts';
import { NotFound } from '../shared/app-errors.ts';

/**
 * Releases the business's holds that expired by `now` (up to `limit`), inside the
 * caller's transaction: each becomes cancelled by the system (`hold_expired`) with a
 * notification; an expired waitlist offer hands the slot to the next in line. Rows
 * another transaction is already releasing are skipped, not waited for.
 */
export async function releaseExpiredHoldsIn(em: EntityManager, businessOrId: Business | string, now: number, limit = 100): Promise<string[]> {
  const businessId = typeof businessOrId === 'string' ? businessOrId : businessOrId.id;
  // The common case is "none": one cheap indexed query, no entity loading.
  const due = await em
    .getConnection()
    .execute<{ id: string }[]>(
      `select id from booking where business_id = ? and status = 'held' and hold_expires_at <= ?
        order by hold_expires_at limit ? for update skip locked`,
      [businessId, new Date(now), limit],
      'all',
      em.getTransactionContext(),
    );
  if (due.length === 0) return [];
  const business = typeof businessOrId === 'string' ? await em.findOneOrFail(BusinessSchema, { id: businessId }) : businessOrId;
  const expired = await em.find(BookingSchema, { id: { $in: due.map((d) => d.id) } }, { orderBy: { holdExpiresAt: 'asc' } });
  for (const booking of expired) {
    applyToBooking(booking, { type: 'expire_hold' }, now, business);
    const offer = await em.findOne(WaitlistEntrySchema, { offerBooking: booking.id, status: 'offered' });
    if (offer) offer.status = 'expired';
    recordBookingChange(em, booking, offer ? 'waitlist.offer_expired' : 'booking.hold_expired', { kind: 'system' }, offer ? { waitlistEntryId: offer.id } : {});
  }
  await em.flush();
  for (const booking of expired) await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
  return expired.map((b) => b.id);
}

/** Use case (for the hold-expiry job): releases one business's expired holds in one transaction. */
export async function releaseExpiredHolds(ctx: UseCaseContext, businessId: string): Promise<string[]> {
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const business = await em.findOne(BusinessSchema, { id: businessId });
    if (!business) throw new NotFound('business');
    return releaseExpiredHoldsIn(em, business, ctx.now());
  });
}
