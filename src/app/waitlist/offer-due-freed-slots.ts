import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, type Business } from '../../db/entities/index.ts';
import { offerFreedSlot } from './offer-freed-slot.ts';

/**
 * Offers to the waitlist the slots that bookings gave back without offering them
 * (`waitlistOfferDue`: holds that lapsed, released by the sweep or inside another
 * customer's booking), in the caller's transaction, up to `limit`; each is offered
 * once, in the order they were given back (the holds' expiry). Rows another worker is
 * offering are skipped. Returns the offered entry ids.
 */
export async function offerDueFreedSlots(em: EntityManager, business: Business, now: number, limit = 100): Promise<string[]> {
  const due = await em.find(BookingSchema, { waitlistOfferDue: true }, { orderBy: { holdExpiresAt: 'asc', startsAt: 'asc' }, limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  const offered: string[] = [];
  for (const booking of due) {
    booking.waitlistOfferDue = false;
    const entryId = await offerFreedSlot(em, business, { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() }, now);
    if (entryId) offered.push(entryId);
  }
  await em.flush();
  return offered;
}
