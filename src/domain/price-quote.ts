import { depositFor, type DepositRule } from './deposit.ts';
import { assertMinorUnits } from './minor-units.ts';
import { applyPromo, type PromoCode, type PromoRejection } from './promo-code.ts';

/** What a booking costs, all in integer minor units of the business's currency. */
export interface PriceQuote {
  readonly priceMinor: number;
  readonly discountMinor: number;
  readonly totalMinor: number;
  readonly depositMinor: number;
  /** Due later (at the visit): total − deposit. */
  readonly balanceMinor: number;
  /** Why an offered promo code was not applied, or null. */
  readonly promoRejected: PromoRejection | null;
}

/** Input to {@link quotePrice}. Usage counts are read from storage by the caller. */
export interface QuoteRequest {
  readonly serviceId: string;
  readonly priceMinor: number;
  readonly deposit: DepositRule;
  readonly now: number;
  readonly promo?: { readonly code: PromoCode; readonly usesSoFar: number; readonly customerUsesSoFar: number } | null;
}

/**
 * Price → promo discount → total → deposit and balance. A promo that does not apply
 * leaves the price unchanged and says why; the deposit is computed on the discounted
 * total. Invariant: `discount + total = price` and `deposit + balance = total`.
 */
export function quotePrice(req: QuoteRequest): PriceQuote {
  assertMinorUnits('price', req.priceMinor);
  let discountMinor = 0;
  let promoRejected: PromoRejection | null = null;
  if (req.promo) {
    const result = applyPromo(req.promo.code, {
      serviceId: req.serviceId,
      priceMinor: req.priceMinor,
      now: req.now,
      usesSoFar: req.promo.usesSoFar,
      customerUsesSoFar: req.promo.customerUsesSoFar,
    });
    if (result.ok) discountMinor = result.discountMinor;
    else promoRejected = result.reason;
  }
  const totalMinor = req.priceMinor - discountMinor;
  const depositMinor = depositFor(totalMinor, req.deposit);
  return { priceMinor: req.priceMinor, discountMinor, totalMinor, depositMinor, balanceMinor: totalMinor - depositMinor, promoRejected };
}
