import { BusinessSchema } from '../../db/entities/index.ts';
import { inBookingTransaction } from '../booking/booking-transaction.ts';
import { releaseLapsedHolds } from '../booking/release-lapsed-holds.ts';
import { NotFound } from '../shared/app-errors.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { offerDueFreedSlots } from '../waitlist/offer-due-freed-slots.ts';

/**
 * Use case (for the hold-expiry job), one business in one transaction: releases the
 * holds that lapsed (customers told through the outbox; an expired waitlist offer
 * expires its entry) and offers every slot given back and not yet offered — these, and
 * lapsed holds that customers' bookings released on their way — to the waitlist.
 * Returns the ids of the holds it released.
 */
export async function releaseExpiredHolds(ctx: UseCaseContext, businessId: string): Promise<string[]> {
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const business = await em.findOne(BusinessSchema, { id: businessId });
    if (!business) throw new NotFound('business');
    const now = ctx.now();
    const released = await releaseLapsedHolds(em, business, now);
    await offerDueFreedSlots(em, business, now);
    return released.map((b) => b.id);
  });
}
