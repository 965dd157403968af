import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * A phone number in E.164 (`+77011234567`), or null when it is not a valid number.
 * Numbers without a leading `+` are read in `defaultCountry`.
 */
export function normalizePhone(raw: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** ISO country for numbers typed without `+` (KZ, UA, DE...), as inputs that take a phone accept it. */
export const PhoneCountry = z.string().refine((c): c is CountryCode => isSupportedCountry(c), 'unknown country code');
