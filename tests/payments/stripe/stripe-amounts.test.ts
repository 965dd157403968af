import { describe, expect, it } from 'vitest';
import { fromStripeAmount, stripeDecimals, toStripeAmount } from '../../../src/payments/stripe/stripe-amounts.ts';

describe('amounts in Stripe’s units', () => {
  it.each([
    // currency, our minor units, Stripe's amount
    ['EUR', 1250, 1250],
    ['KZT', 800000, 800000], // two-decimal at Stripe, like UAH
    ['UAH', 60000, 60000],
    ['JPY', 8000, 8000], // zero-decimal both sides
    ['KRW', 15000, 15000],
    ['KWD', 5120, 5120], // three-decimal both sides
    ['ISK', 5, 500], // no decimals for us, two at Stripe
    ['HUF', 1200, 120000],
  ] as const)('%s: %i minor → %i at Stripe, and back', (currency, minor, stripe) => {
    expect(toStripeAmount(minor, currency)).toBe(stripe);
    expect(toStripeAmount(minor, currency.toLowerCase())).toBe(stripe);
    expect(fromStripeAmount(stripe, currency)).toBe(minor);
  });

  it('knows which currencies Stripe counts in whole units', () => {
    expect(['JPY', 'KRW', 'VND', 'CLP'].map(stripeDecimals)).toEqual([0, 0, 0, 0]);
    expect(['KZT', 'UAH', 'EUR', 'ISK'].map(stripeDecimals)).toEqual([2, 2, 2, 2]);
    expect(stripeDecimals('BHD')).toBe(3);
  });

  it('never reports more than Stripe moved (a fractional króna is dropped)', () => {
    expect(fromStripeAmount(550, 'ISK')).toBe(5);
  });
});
