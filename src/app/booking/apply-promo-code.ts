import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { normalizePromoCode, quotePrice } from '../../domain/index.ts';
import { BookingSchema, PromoCodeSchema, ServiceSchema } from '../../db/entities/index.ts';
import { InvalidRequest, PromoNotApplicable } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { depositRuleOf, toDomainPromo } from './service-pricing.ts';
import { inBookingTransaction } from './booking-transaction.ts';
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
 * deposit on the discounted total. Throws `PromoNotApplicable` with the reason.
 */
export async function applyPromoCode(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof ApplyPromoCodeInput>): Promise<BookingView> {
  const input = ApplyPromoCodeInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking } = await bookingForChange(em, businessId, input.bookingId, actor);
    if (booking.status !== 'held') throw new InvalidRequest('A promo code can be added only before confirming', 'errors.promo_after_confirm');
    const promo = await em.findOne(PromoCodeSchema, { code: normalizePromoCode(input.code), active: true }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!promo) throw new PromoNotApplicable('unknown');
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
      now: ctx.now(),
      promo: { code: toDomainPromo(promo), usesSoFar, customerUsesSoFar },
    });
    if (quote.promoRejected) throw new PromoNotApplicable(quote.promoRejected);
    booking.promoCode = em.getReference(PromoCodeSchema, promo.id, { wrapped: true });
    booking.discountMinor = quote.discountMinor;
    booking.depositMinor = quote.depositMinor;
    await em.flush();
    recordBookingChange(em, booking, 'booking.held', actor, { promoCode: promo.code, discountMinor: quote.discountMinor });
    return toBookingView(booking);
  });
}
