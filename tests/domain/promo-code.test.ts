import { describe, expect, it } from 'vitest';
import {
  applyPromo,
  InvalidPromoCode,
  normalizePromoCode,
  type PromoCode,
} from '../../src/domain/index.ts';
import { NOW, promo } from './promo-fixtures.ts';

const use = { serviceId: 'cut', priceMinor: 10_000, now: NOW, usesSoFar: 0, customerUsesSoFar: 0 };

describe('promo codes', () => {
  it.each<[string, Partial<PromoCode>, Partial<typeof use>, unknown]>([
    ['15% of 100.00', {}, {}, { ok: true, discountMinor: 1500 }],
    ['fixed 20.00', { discount: { kind: 'fixed', amountMinor: 2000 } }, {}, { ok: true, discountMinor: 2000 }],
    ['fixed above the price is capped', { discount: { kind: 'fixed', amountMinor: 20_000 } }, {}, { ok: true, discountMinor: 10_000 }],
    ['100% makes it free', { discount: { kind: 'percent', basisPoints: 10_000 } }, {}, { ok: true, discountMinor: 10_000 }],
    ['not started', { validFrom: NOW + 1 }, {}, { ok: false, reason: 'not_started' }],
    ['starts exactly now', { validFrom: NOW }, {}, { ok: true, discountMinor: 1500 }],
    ['expired (until is exclusive)', { validUntil: NOW }, {}, { ok: false, reason: 'expired' }],
    ['used up', { maxUses: 10 }, { usesSoFar: 10 }, { ok: false, reason: 'used_up' }],
    ['one use left', { maxUses: 10 }, { usesSoFar: 9 }, { ok: true, discountMinor: 1500 }],
    ['customer limit', { maxUsesPerCustomer: 1 }, { customerUsesSoFar: 1 }, { ok: false, reason: 'customer_limit_reached' }],
    ['limited to other services', { serviceIds: ['colour'] }, {}, { ok: false, reason: 'not_for_service' }],
    ['limited to this service', { serviceIds: ['colour', 'cut'] }, {}, { ok: true, discountMinor: 1500 }],
  ])('%s', (_name, p, u, expected) => {
    expect(applyPromo(promo(p), { ...use, ...u })).toEqual(expected);
  });

  it.each([
    [{ kind: 'percent', basisPoints: 0 }],
    [{ kind: 'percent', basisPoints: 10_001 }],
    [{ kind: 'percent', basisPoints: 12.5 }],
    [{ kind: 'fixed', amountMinor: 0 }],
  ] as const)('rejects a misconfigured discount %j', (discount) => {
    expect(() => applyPromo(promo({ discount }), use)).toThrow(InvalidPromoCode);
  });

  it.each([
    [' spring10 ', 'SPRING10'],
    ['Spring10', 'SPRING10'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizePromoCode(input)).toBe(expected);
  });
});

