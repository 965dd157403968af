import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { customerCutoffPassed } from '../../domain/index.ts';
import { BookingSchema, type Booking } from '../../db/entities/index.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { bookingForChange } from './booking-for-change.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { cancelLoadedBooking } from './cancel-loaded-booking.ts';

/** Input of {@link cancelSeries}. */
export const CancelSeriesInput = z.object({
  /** The first visit to cancel: it and every later visit of its series go. */
  bookingId: z.uuid(),
  expectedVersion: ExpectedVersion,
  reason: z.string().trim().max(500).default(''),
  /** The reason is the business's own words to the customer: each visit's cancellation quotes it. */
  tellCustomer: z.boolean().default(false),
});

/** What cancelling the rest of a series did. */
export interface SeriesCancelled {
  cancelled: BookingView[];
  /** Visits a customer may no longer cancel themselves (inside the cancel cutoff): kept. */
  tooLate: BookingView[];
}

/**
 * Cancels a visit of a series and every later one still booked, in one transaction,
 * each like a single cancellation (refund by policy, audit and outbox rows, the freed
 * time offered to the waitlist). Earlier visits stay. For a customer, each visit
 * respects the cancel cutoff on its own: one already too close is kept and reported,
 * the later ones still go. A booking in no series is cancelled alone.
 */
export async function cancelSeries(ctx: UseCaseContext, businessId: string, actor: Actor, rawInput: z.input<typeof CancelSeriesInput>): Promise<SeriesCancelled> {
  const input = CancelSeriesInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    const now = ctx.now();
    const later = booking.seriesId
      ? await em.find(
          BookingSchema,
          { seriesId: booking.seriesId, startsAt: { $gt: booking.startsAt }, status: { $in: ['pending', 'confirmed'] } },
          // Locked in time order, as every cancelling of a series takes them: no two wait on each other.
          { orderBy: { startsAt: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
        )
      : [];
    const visits: Booking[] = [...(booking.status === 'pending' || booking.status === 'confirmed' ? [booking] : []), ...later];
    const policy = { cancelCutoffMin: business.cancelCutoffMinutes, rescheduleCutoffMin: business.rescheduleCutoffMinutes };
    const result: SeriesCancelled = { cancelled: [], tooLate: [] };
    for (const visit of visits) {
      if (actor.kind === 'customer' && customerCutoffPassed({ status: visit.status, startsAt: visit.startsAt.getTime() }, 'cancel', now, policy)) {
        result.tooLate.push(toBookingView(visit));
        continue;
      }
      await cancelLoadedBooking(em, now, visit, business, actor, { reason: input.reason, refund: 'policy', tellCustomer: input.tellCustomer });
      result.cancelled.push(toBookingView(visit));
    }
    return result;
  });
}
