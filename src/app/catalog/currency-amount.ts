/**
 * Largest amount stored in minor units: prices, deposits and discounts are 32-bit
 * integer columns (21 474 836.47 in a two-decimal currency is far above any booking).
 */
export const MAX_STORED_MINOR = 2_000_000_000;

/** How many decimals a currency's minor unit has (UAH, KZT, EUR: 2; JPY: 0; KWD: 3), as the runtime's ICU says. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Why an amount typed in major units cannot be stored. */
export type AmountRejection = 'amount_too_precise' | 'amount_too_large';

/**
 * Minor units of a canonical major-units decimal (`12.50` → 1250 in EUR, `8000` → 8000
 * in JPY), computed on the digits (never with floating point); more decimals than the
 * currency has (`12.5` yen), or more than {@link MAX_STORED_MINOR}, is refused.
 */
export function majorToMinor(major: string, currency: string): number | AmountRejection {
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = major.split('.');
  const extra = fraction.slice(digits);
  if (/[1-9]/.test(extra)) return 'amount_too_precise';
  const minor = Number(whole) * 10 ** digits + Number(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor <= MAX_STORED_MINOR ? minor : 'amount_too_large';
}

/** Minor units as the major-units text a form shows again (`1250` EUR → `12.50`, `800000` KZT → `8000`). */
export function minorToMajorText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const scale = 10 ** digits;
  const whole = Math.floor(minor / scale);
  const fraction = minor % scale;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(digits, '0')}`;
}

/**
 * An amount for people to read in `language` (`8 000 ₸`, `12,50 ₴`): the currency's
 * narrow symbol (a business has one currency, so `$` is not ambiguous here), whole
 * amounts without decimals.
 */
export function formatMoney(minor: number, currency: string, language: string): string {
  const digits = minorDigits(currency);
  const whole = minor % 10 ** digits === 0;
  const format = new Intl.NumberFormat(language, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  });
  return format.format(minor / 10 ** digits);
}
