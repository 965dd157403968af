import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  quotePrice,
} from '../../src/domain/index.ts';
import { NOW, promo } from './promo-fixtures.ts';


describe('quotePrice', () => {
  it('discounts, then takes the deposit from the discounted total', () => {
    expect(
      quotePrice({
        serviceId: 'cut',
        priceMinor: 12_345,
        deposit: { kind: 'percent', basisPoints: 2000 },
        now: NOW,
        promo: { code: promo(), usesSoFar: 0, customerUsesSoFar: 0 },
      }),
    ).toEqual({ priceMinor: 12_345, discountMinor: 1852, totalMinor: 10_493, depositMinor: 2099, balanceMinor: 8394, promoRejected: null });
  });

  it('a rejected promo leaves the price and says why', () => {
    const q = quotePrice({ serviceId: 'cut', priceMinor: 5000, deposit: { kind: 'none' }, now: NOW, promo: { code: promo({ validUntil: NOW }), usesSoFar: 0, customerUsesSoFar: 0 } });
    expect([q.totalMinor, q.promoRejected]).toEqual([5000, 'expired']);
  });

  it('property: amounts are non-negative integers that add up', () => {
    const discount = fc.oneof(
      fc.integer({ min: 1, max: 10_000 }).map((bp) => ({ kind: 'percent', basisPoints: bp }) as const),
      fc.integer({ min: 1, max: 10_000_000 }).map((a) => ({ kind: 'fixed', amountMinor: a }) as const),
    );
    const deposit = fc.oneof(
      fc.constant({ kind: 'none' } as const),
      fc.integer({ min: 0, max: 10_000 }).map((bp) => ({ kind: 'percent', basisPoints: bp }) as const),
      fc.integer({ min: 0, max: 10_000_000 }).map((a) => ({ kind: 'fixed', amountMinor: a }) as const),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), discount, deposit, (price, d, dep) => {
        const q = quotePrice({ serviceId: 'cut', priceMinor: price, deposit: dep, now: NOW, promo: { code: promo({ discount: d }), usesSoFar: 0, customerUsesSoFar: 0 } });
        for (const v of [q.discountMinor, q.totalMinor, q.depositMinor, q.balanceMinor]) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        expect(q.discountMinor + q.totalMinor).toBe(price);
        expect(q.depositMinor + q.balanceMinor).toBe(q.totalMinor);
      }),
    );
  });
});
