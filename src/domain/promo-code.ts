import { DomainError } from './domain-error.ts';
import { assertMinorUnits, percentOfMinor } from './minor-units.ts';

/** A percent (in basis points, 1000 = 10%) or fixed (minor units) discount. */
export type Discount =
  | { readonly kind: 'percent'; readonly basisPoints: number }
  | { readonly kind: 'fixed'; readonly amountMinor: number };

/**
 * A promo code as configured by the business. Validity is `[validFrom, validUntil)`
 * (epoch ms, either side open when null); `serviceIds` null = every service.
 */
export interface PromoCode {
  readonly code: string;
  readonly discount: Discount;
  readonly validFrom: number | null;
  readonly validUntil: number | null;
  readonly maxUses: number | null;
  readonly maxUsesPerCustomer: number | null;
  readonly serviceIds: readonly string[] | null;
}

/** The facts a promo check needs at booking time (usage counts come from storage). */
export interface PromoUse {
  readonly serviceId: string;
  readonly priceMinor: number;
  readonly now: number;
  readonly usesSoFar: number;
  readonly customerUsesSoFar: number;
}

/** Why a promo code does not apply. */
export type PromoRejection = 'not_started' | 'expired' | 'used_up' | 'customer_limit_reached' | 'not_for_service';

/** Outcome of {@link applyPromo}. */
export type PromoResult =
  | { readonly ok: true; readonly discountMinor: number }
  | { readonly ok: false; readonly reason: PromoRejection };

/** A promo code configured with impossible numbers. */
export class InvalidPromoCode extends DomainError {
  constructor(code: string, detail: string) {
    super('invalid_promo_code', 'errors.invalid_promo_code', `Invalid promo code ${code}: ${detail}`, { code, detail });
  }
}

/** Canonical form for matching: trimmed, upper case (`ann10` = `ANN10`). */
export function normalizePromoCode(input: string): string {
  return input.trim().toUpperCase();
}

/** Throws {@link InvalidPromoCode} for a percent outside 1..10000 bp or a bad fixed amount. */
export function assertPromoCode(p: PromoCode): void {
  const d = p.discount;
  if (d.kind === 'percent' && !(Number.isInteger(d.basisPoints) && d.basisPoints >= 1 && d.basisPoints <= 10_000)) {
    throw new InvalidPromoCode(p.code, 'percent');
  }
  if (d.kind === 'fixed' && !(Number.isSafeInteger(d.amountMinor) && d.amountMinor >= 1)) {
    throw new InvalidPromoCode(p.code, 'amount');
  }
}

/**
 * The discount `promo` gives on one booking, or why it does not apply. Checks run in
 * this order: window (`not_started`, `expired`), total cap (`used_up`), per-customer
 * cap, service. A percent discount is rounded half up to a minor unit; no discount
 * exceeds the price (the total never goes below zero).
 */
export function applyPromo(promo: PromoCode, use: PromoUse): PromoResult {
  assertPromoCode(promo);
  assertMinorUnits('price', use.priceMinor);
  if (promo.validFrom !== null && use.now < promo.validFrom) return { ok: false, reason: 'not_started' };
  if (promo.validUntil !== null && use.now >= promo.validUntil) return { ok: false, reason: 'expired' };
  if (promo.maxUses !== null && use.usesSoFar >= promo.maxUses) return { ok: false, reason: 'used_up' };
  if (promo.maxUsesPerCustomer !== null && use.customerUsesSoFar >= promo.maxUsesPerCustomer) {
    return { ok: false, reason: 'customer_limit_reached' };
  }
  if (promo.serviceIds !== null && !promo.serviceIds.includes(use.serviceId)) return { ok: false, reason: 'not_for_service' };
  const raw =
    promo.discount.kind === 'percent' ? percentOfMinor(use.priceMinor, promo.discount.basisPoints) : promo.discount.amountMinor;
  return { ok: true, discountMinor: Math.min(raw, use.priceMinor) };
}
