import { z } from 'zod';
import { BookingSchema, ReviewSchema } from '../db/entities/index.ts';
import { emForBusiness } from '../db/tenant-scope.ts';
import { InvalidRequest, NotFound, NotYourBooking } from './app-errors.ts';
import { recordBookingChange } from './booking-journal.ts';
import type { UseCaseContext } from './use-case-context.ts';

/** Input of {@link recordReview}: what the customer answered to the follow-up. */
export const RecordReviewInput = z.object({
  customerId: z.uuid(),
  bookingId: z.uuid(),
  rating: z.number().int().min(1, 'rating is 1 to 5').max(5, 'rating is 1 to 5'),
  comment: z.string().trim().max(1000).default(''),
});

/** A stored review, as use cases return it. */
export interface ReviewView {
  id: string;
  bookingId: string;
  staffId: string;
  rating: number;
  comment: string;
}

/**
 * Stores a customer's rating (1–5) and comment for their appointment once it has
 * ended (not for cancelled or missed ones). Answering again replaces the earlier
 * review. The team chat hears of it (`review.received`).
 */
export async function recordReview(ctx: UseCaseContext, businessId: string, raw: z.input<typeof RecordReviewInput>): Promise<ReviewView> {
  const input = RecordReviewInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const booking = await em.findOne(BookingSchema, { id: input.bookingId });
    if (!booking) throw new NotFound('booking');
    if (booking.customer.id !== input.customerId) throw new NotYourBooking();
    const ended = booking.endsAt.getTime() <= ctx.now();
    if (!ended || (booking.status !== 'completed' && booking.status !== 'confirmed')) {
      throw new InvalidRequest('Only an appointment that took place can be reviewed', 'errors.review_not_allowed');
    }
    const existing = await em.findOne(ReviewSchema, { booking: booking.id });
    const review =
      existing ??
      em.create(ReviewSchema, { business: businessId, booking: booking.id, customer: input.customerId, staffMember: booking.staffMember.id, rating: input.rating });
    review.rating = input.rating;
    review.comment = input.comment;
    await em.flush();
    recordBookingChange(em, booking, 'review.received', { kind: 'customer', customerId: input.customerId }, { rating: input.rating, comment: input.comment });
    return { id: review.id, bookingId: booking.id, staffId: booking.staffMember.id, rating: review.rating, comment: review.comment };
  });
}
