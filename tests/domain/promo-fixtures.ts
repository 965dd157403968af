import type { PromoCode } from '../../src/domain/index.ts';

/** A fixed "now" for pricing tests. */
export const NOW = Date.UTC(2026, 5, 1);

/** A 15 % promo code with no limits, overridable per test. */
export const promo = (extra: Partial<PromoCode> = {}): PromoCode => ({
  code: 'SPRING',
  discount: { kind: 'percent', basisPoints: 1500 },
  validFrom: null,
  validUntil: null,
  maxUses: null,
  maxUsesPerCustomer: null,
  serviceIds: null,
  ...extra,
});
