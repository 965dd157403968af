import { getCountries, isSupportedCountry } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { textField } from '../shared/input-schemas.ts';

// The business's own settings as forms and the REST API send them: the pieces that
// `create-business.ts` and `update-business-profile.ts` share. Error messages are i18n
// keys under `panel.errors`.

/** Languages a business can speak to its customers by default. */
export const BUSINESS_LANGUAGES = ['en', 'ru', 'uk', 'kk'] as const;
/** One of {@link BUSINESS_LANGUAGES}. */
export type BusinessLanguage = (typeof BUSINESS_LANGUAGES)[number];

/** Currencies offered first in a currency list, the markets BookChat is made for. */
export const COMMON_CURRENCIES = ['KZT', 'UAH', 'EUR', 'USD', 'RUB', 'GBP', 'PLN', 'UZS', 'KGS', 'GEL', 'AMD', 'AZN', 'TRY', 'CZK', 'CHF', 'AED'] as const;

// ICU still lists some zones under their old names; people look for the new ones.
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
};

let zoneList: readonly string[] | undefined;

/** Every IANA zone to pick from (`Area/Place`, current names, and UTC), sorted. */
export function timeZoneChoices(): readonly string[] {
  zoneList ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone').map((z) => RENAMED_ZONES[z] ?? z)])]
    .filter((z) => IANAZone.isValidZone(z))
    .sort();
  return zoneList;
}

// `Area/Place` (or UTC): luxon also accepts offsets (`+05:00`) and legacy names (`EST`),
// which are no place's clock.
const ZONE_SHAPE = /^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/;

/** An IANA time zone (`Asia/Almaty`), checked with luxon; the name as listed when typed in another case. */
export const TimeZone = z
  .string()
  .trim()
  .max(64, 'business_time_zone_unknown')
  .transform((zone) => timeZoneChoices().find((listed) => listed.toLowerCase() === zone.toLowerCase()) ?? zone)
  .refine((zone) => ZONE_SHAPE.test(zone) && IANAZone.isValidZone(zone), 'business_time_zone_unknown');

/** The language customers are greeted in when theirs is unknown. */
export const BusinessLanguageField = z.enum(BUSINESS_LANGUAGES, { error: 'business_language_unknown' });

let currencyList: ReadonlySet<string> | undefined;

/** An ISO 4217 currency the runtime knows (`KZT`), upper-cased. */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => /^[A-Z]{3}$/.test(code) && (currencyList ??= new Set(Intl.supportedValuesOf('currency'))).has(code), 'business_currency_unknown');

/** Currencies to pick from: the common ones first, then every other the runtime knows. */
export function currencyChoices(): readonly string[] {
  const common = new Set<string>(COMMON_CURRENCIES);
  return [...COMMON_CURRENCIES, ...Intl.supportedValuesOf('currency').filter((c) => !common.has(c))];
}

/** Where phone numbers typed without `+` are from: an ISO 3166 alpha-2 country libphonenumber knows. */
export const BusinessPhoneCountry = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => isSupportedCountry(code), 'business_phone_country_unknown');

/** Countries to pick a phone country from (ISO alpha-2 codes). */
export function phoneCountryChoices(): readonly string[] {
  return getCountries();
}

/** A link to the place on a map: http or https only (never `javascript:`), blank for none. */
export const MapUrl = textField(500, { tooLong: 'business_map_url_invalid' }).refine((text) => text === '' || isWebLink(text), 'business_map_url_invalid');

function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * The business's point on the map, from coordinates ("43.2389, 76.8897") or a map link
 * that carries them (Google's `@43.2389,76.8897,17z`, `?q=43.2389,76.8897`), stored as
 * "lat,lng" with five decimals (about a metre); blank for none.
 */
export const MapLocation = textField(500, { tooLong: 'business_location_invalid' }).transform((text, ctx) => {
  if (text === '') return '';
  const point = readMapPoint(text);
  if (point) return `${point.latitude.toFixed(5)},${point.longitude.toFixed(5)}`;
  ctx.addIssue({ code: 'custom', message: 'business_location_invalid' });
  return z.NEVER;
});

/** A point on the map. */
export interface MapPoint {
  latitude: number;
  longitude: number;
}

// OpenStreetMap's marker (`?mlat=…&mlon=…`), then any "lat, lng" / "lat lng" / "lat/lng"
// pair with decimals (Google's `@lat,lng,17z`, `?q=lat,lng`, typed coordinates).
const POINT_PATTERNS = [/[?&]mlat=(-?\d+(?:\.\d+)?)&mlon=(-?\d+(?:\.\d+)?)/, /(?<![\d.])(-?\d{1,2}\.\d+)\s*[,;/\s]\s*(-?\d{1,3}\.\d+)/];

/** The first latitude/longitude pair in a text (coordinates, or a map link holding them); null when there is none in range. */
export function readMapPoint(text: string): MapPoint | null {
  const plain = text.replace(/%2C/gi, ',');
  for (const pattern of POINT_PATTERNS) {
    const match = pattern.exec(plain);
    if (!match) continue;
    const latitude = Number(match[1]);
    const longitude = Number(match[2]);
    if (Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 && !(latitude === 0 && longitude === 0)) return { latitude, longitude };
  }
  return null;
}

/** A few sentences about the business (several lines allowed). */
export const BusinessDescription = textField(500, { tooLong: 'business_description_too_long', lines: 'many' });

/** A street address as customers should read it, on one line. */
export const Address = textField(300, { tooLong: 'business_address_too_long' });

/** The business's name. */
export const BusinessName = textField(200, { required: 'business_name_required', tooLong: 'business_name_too_long' });

/** The zone, currency and phone country a new business starts with, from the language picked. */
export function regionalDefaults(language: string): { timeZone: string; currency: string; phoneCountry: string } {
  if (language === 'uk') return { timeZone: 'Europe/Kyiv', currency: 'UAH', phoneCountry: 'UA' };
  if (language === 'ru') return { timeZone: 'Europe/Moscow', currency: 'RUB', phoneCountry: 'RU' };
  // Kazakh, and English by default: BookChat's home market.
  return { timeZone: 'Asia/Almaty', currency: 'KZT', phoneCountry: 'KZ' };
}
