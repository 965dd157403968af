import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { normalizePromoCode, quotePrice, type PriceQuote, type PromoRejection } from '../../domain/index.ts';
import { BookingSchema, PromoCodeSchema, ServiceSchema, type Booking, type PromoCode } from '../../db/entities/index.ts';
import { InvalidRequest, PromoNotApplicable } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { depositRuleOf, toDomainPromo } from './service-pricing.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { assertPromoAttemptsLeft, recordWrongPromoCode } from './promo-attempts.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link applyPromoCode}. */
export const ApplyPromoCodeInput = z.object({
  bookingId: z.uuid(),
  code: z.string().trim().min(1).max(32),
});

/**
 * Applies a promo code to a held booking: checks validity, service limits and usage
 * caps (total and per customer, counted under a lock on the code so two customers
 * cannot both take its last use) and re-prices the booking — discount, total and the
 * deposit on the discounted total.
 *
 * The business is told why a code does not apply (`PromoNotApplicable` with the
 * reason). A customer is not: an unknown, inactive, used-up or expired code — any code
 * that does not apply — gets the same `PromoNotApplicable('not_accepted')`, and is
 * recorded; after `PROMO_ATTEMPT_LIMIT` (5 in 15 minutes) wrong codes the customer's
 * codes are refused unchecked with `TooManyPromoAttempts`.
 */
export async function applyPromoCode(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof ApplyPromoCodeInput>): Promise<BookingView> {
  const input = ApplyPromoCodeInput.parse(raw);
  const outcome = await inBookingTransaction(ctx, businessId, null, async (em): Promise<BookingView | PromoNotApplicable> => {
    const now = ctx.now();
    const { booking } = await bookingForChange(em, businessId, input.bookingId, actor);
    if (booking.status !== 'held') throw new InvalidRequest('A promo code can be added only before confirming', 'errors.promo_after_confirm');
    const guessing = actor.kind === 'customer';
    if (guessing) await assertPromoAttemptsLeft(em, booking, now);
    const code = normalizePromoCode(input.code);
    const priced = await priceWithPromo(em, booking, code, now);
    if (typeof priced === 'string') {
      if (!guessing) throw new PromoNotApplicable(priced);
      recordWrongPromoCode(em, booking, code, priced, now);
      await em.flush();
      // Returned, not thrown: the wrong code's record must commit to be counted.
      return PromoNotApplicable.forCustomer();
    }
    booking.promoCode = em.getReference(PromoCodeSchema, priced.promo.id, { wrapped: true });
    booking.discountMinor = priced.quote.discountMinor;
    booking.depositMinor = priced.quote.depositMinor;
    await em.flush();
    recordBookingChange(em, now, booking, 'booking.held', actor, { promoCode: priced.promo.code, discountMinor: priced.quote.discountMinor });
    return toBookingView(booking);
  });
  if (outcome instanceof PromoNotApplicable) throw outcome;
  return outcome;
}

/** The booking's price with `code`, or why the code does not apply to it. */
async function priceWithPromo(em: EntityManager, booking: Booking, code: string, now: number): Promise<{ promo: PromoCode; quote: PriceQuote } | PromoRejection | 'unknown'> {
  const promo = await em.findOne(PromoCodeSchema, { code, active: true }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!promo) return 'unknown';
  const counted = { promoCode: promo.id, status: { $ne: 'cancelled' as const }, id: { $ne: booking.id } };
  const [usesSoFar, customerUsesSoFar] = await Promise.all([
    em.count(BookingSchema, counted),
    em.count(BookingSchema, { ...counted, customer: booking.customer.id }),
  ]);
  const service = await em.findOneOrFail(ServiceSchema, { id: booking.service.id });
  const quote = quotePrice({
    serviceId: service.id,
    priceMinor: booking.priceMinor,
    deposit: depositRuleOf(service),
    now,
    promo: { code: toDomainPromo(promo), usesSoFar, customerUsesSoFar },
  });
  return quote.promoRejected ?? { promo, quote };
}
