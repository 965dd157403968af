import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { BookingSchema, OutboxMessageSchema, ReviewSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest, NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link recordReview}: what the customer answered to the follow-up. */
export const RecordReviewInput = z.object({
  customerId: z.uuid(),
  bookingId: z.uuid(),
  rating: z.number().int().min(1, 'rating is 1 to 5').max(5, 'rating is 1 to 5'),
  comment: z.string().trim().max(1000).default(''),
  /** The chat asks for a comment next: the team's post waits a little for it (see {@link REVIEW_COMMENT_WAIT_MS}). */
  commentMayFollow: z.boolean().default(false),
});

/**
 * How long the team's post of a bare rating waits for the comment the chat asks for
 * next, so the team hears of one review once — stars and words together — rather
 * than twice. A customer who never answers is posted with the stars alone after it.
 */
export const REVIEW_COMMENT_WAIT_MS = 15 * 60_000;

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
 * review. The team chat hears of it (`review.received`) once per review: a rating
 * whose comment may follow is posted when the comment comes, the customer skips it,
 * or {@link REVIEW_COMMENT_WAIT_MS} passes.
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
    // The same stars pressed again keep the words already written.
    const comment = input.commentMayFollow && existing?.rating === input.rating ? existing.comment : input.comment;
    const details = { rating: input.rating, comment };
    // The same answer again (the same star pressed twice, "no comment" after the stars):
    // nothing new for the audit log or the team, whose post may only need sending now.
    const unchanged = existing !== null && existing.rating === details.rating && existing.comment === details.comment;
    const review =
      existing ?? em.create(ReviewSchema, { business: businessId, booking: booking.id, customer: input.customerId, staffMember: booking.staffMember.id, rating: input.rating });
    Object.assign(review, details);
    // The team's post of this review may still be waiting (for this comment): update it
    // instead of posting twice. Once the dispatcher took it, a change is a post of its own.
    const waiting = await em.findOne(OutboxMessageSchema, { topic: 'review.received', aggregateId: booking.id, status: 'pending' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (waiting) {
      waiting.payload = { ...waiting.payload, ...details };
      if (!input.commentMayFollow) waiting.availableAt = new Date(ctx.now());
    }
    await em.flush();
    if (!unchanged) {
      const notify = waiting ? { notify: false } : input.commentMayFollow ? { notifyAt: new Date(ctx.now() + REVIEW_COMMENT_WAIT_MS) } : {};
      recordBookingChange(em, ctx.now(), booking, 'review.received', { kind: 'customer', customerId: input.customerId }, details, notify);
    }
    return { id: review.id, bookingId: booking.id, staffId: booking.staffMember.id, rating: review.rating, comment: review.comment };
  });
}
