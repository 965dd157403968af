import type { EntityManager } from '@mikro-orm/postgresql';
import { createZoneClock, DomainError, formatEpochDay } from '../../domain/index.ts';
import { WaitlistEntrySchema, type Business } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { isExclusionViolation } from '../../db/pg-errors.ts';
import { placeNewBooking } from '../booking/place-new-booking.ts';

/** A slot that just became free (a cancellation, a reschedule, an expired hold or offer). */
export interface FreedSlot {
  staffId: string;
  startsAt: number;
}

/**
 * Offers a freed slot to the first customer in line whose request matches it (a
 * service this specialist does, any or this specialist, a day range containing the
 * slot's local date): a hold on the slot for `waitlistOfferMinutes`, booked from the
 * channel the customer asked from, and a `waitlist.offer` notification. Entries the slot does not fit are skipped. Runs in
 * the caller's transaction; returns the offered entry id, or null.
 */
export async function offerFreedSlot(em: EntityManager, business: Business, freed: FreedSlot, now: number): Promise<string | null> {
  // Write what the caller has pending (its change's audit and outbox rows) in its own
  // transaction first: a savepoint's flush below would otherwise carry them, and a
  // failed attempt's rollback would take them along while the unit of work counts
  // them as written.
  await em.flush();
  const localDate = formatEpochDay(createZoneClock(business.timeZone).epochDayOf(freed.startsAt));
  const candidates = await em.find(
    WaitlistEntrySchema,
    {
      status: 'waiting',
      fromDate: { $lte: localDate },
      toDate: { $gte: localDate },
      $or: [{ staffMember: null }, { staffMember: freed.staffId }],
      service: { active: true },
      customer: { blocked: false },
    },
    { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 20 },
  );
  for (const entry of candidates) {
    try {
      // A savepoint per attempt. The entry is changed with a plain UPDATE after the
      // offer is in, never through the outer unit of work's copy of it, so a failed
      // attempt leaves nothing behind for the outer transaction to flush.
      await em.transactional(async (inner) => {
        const expiresAt = new Date(now + business.waitlistOfferMinutes * 60_000);
        const request = { serviceId: entry.service.id, staffId: freed.staffId, startsAt: freed.startsAt };
        const offer = await placeNewBooking(inner, business.id, request, now, () => ({
          customerId: entry.customer.id,
          status: 'held',
          holdExpiresAt: expiresAt,
          source: entry.source,
        }));
        await inner.nativeUpdate(WaitlistEntrySchema, { id: entry.id }, { status: 'offered', offerBooking: offer.id, offerExpiresAt: expiresAt });
        recordBookingChange(inner, now, offer, 'waitlist.offer', { kind: 'system' }, { waitlistEntryId: entry.id, offerExpiresAt: expiresAt.toISOString() });
        await inner.flush();
      });
      return entry.id;
    } catch (error) {
      // The slot does not suit this request (another service's length, a resource): next in line.
      if (error instanceof DomainError || isExclusionViolation(error)) continue;
      throw error;
    }
  }
  return null;
}

/**
 * A waitlist offer (a hold) was turned down or taken away: its entry is closed so it
 * neither blocks the customer's next request nor waits for an answer forever.
 */
export async function closeWaitlistOffer(em: EntityManager, bookingId: string): Promise<void> {
  await em.nativeUpdate(WaitlistEntrySchema, { offerBooking: bookingId, status: 'offered' }, { status: 'cancelled' });
}
