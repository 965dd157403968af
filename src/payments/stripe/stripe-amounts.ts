import { minorDigits } from '../../app/catalog/currency-amount.ts';

// https://docs.stripe.com/currencies#zero-decimal — the amount is whole units.
const STRIPE_ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
// https://docs.stripe.com/currencies#three-decimal
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/**
 * How many decimals Stripe counts a currency's amounts in. Everything not listed is
 * two-decimal at Stripe — KZT and UAH included, and ISK, HUF and IDR too, although their
 * minor unit has no decimals for us (ICU): Stripe keeps them two-decimal for backwards
 * compatibility (an ISK amount of 100 is 1 króna).
 */
export function stripeDecimals(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  if (STRIPE_THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * Our minor units (ICU's decimals for the currency) as Stripe's amount. Equal for the
 * usual currencies (EUR, KZT, UAH: cents/tiyn; JPY, KRW: whole units); ×100 for ISK,
 * HUF, IDR. Null when the amount cannot be said in Stripe's units (never for amounts
 * we store today; kept so a mismatch is refused rather than rounded).
 */
export function toStripeAmount(amountMinor: number, currency: string): number | null {
  const shift = stripeDecimals(currency) - minorDigits(currency.toUpperCase());
  if (shift >= 0) return amountMinor * 10 ** shift;
  const scale = 10 ** -shift;
  return amountMinor % scale === 0 ? amountMinor / scale : null;
}

/**
 * Stripe's amount as our minor units, the inverse of {@link toStripeAmount}. A fraction
 * of our minor unit (a fractional-króna charge made elsewhere) is dropped: what is
 * reported is never more than Stripe moved.
 */
export function fromStripeAmount(stripeAmount: number, currency: string): number {
  const shift = stripeDecimals(currency) - minorDigits(currency.toUpperCase());
  return shift >= 0 ? Math.floor(stripeAmount / 10 ** shift) : stripeAmount * 10 ** -shift;
}
