import { createZoneClock, formatEpochDay, parseLocalDate } from '../../domain/index.ts';
import type { Language } from '../../i18n/translator.ts';

// Region tags give each language its usual date order and separators.
const LOCALE_TAG: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', kk: 'kk-KZ' };

// Intl formatters are costly to build and every menu formats dozens of dates: keep them.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${language}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(LOCALE_TAG[language], options)));
  return format as Intl.DateTimeFormat;
}
function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(LOCALE_TAG[language], options)));
  return format as Intl.NumberFormat;
}

/** The Intl locale for a chat language. */
export function localeTag(language: Language): string {
  return LOCALE_TAG[language];
}

// Dates in text name the month in full ("вт, 4 марта", never "вт, 4 мар.:"). Kazakh
// also names the weekday in full, after the date ("4 наурыз, сейсенбі"): its two-letter
// weekdays ("сс", "бс") are calendar-grid shorthand, not something people read in a
// sentence. Intl (Node 22's full ICU) gets each of these right, the Kazakh month in its
// lower-case nominative included, so no word table is needed here.
const DAY_IN_TEXT: Record<Language, Intl.DateTimeFormatOptions> = {
  en: { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' },
  ru: { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' },
  uk: { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' },
  kk: { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' },
};
// Three day buttons share a row, so their labels stay short ("вт, 4 мар.", "4 нау., сс").
const DAY_ON_BUTTON: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };

/** "Tue 4 March", "вт, 4 марта", "вт, 4 березня", "4 наурыз, сейсенбі" for a local date (YYYY-MM-DD). */
export function formatDay(date: string, language: Language): string {
  return dateFormat(language, DAY_IN_TEXT[language]).format(noonOf(date));
}

/**
 * The short form of {@link formatDay} for a day button, where three share a row: "Tue 4
 * Mar", "вт, 4 мар.", "вт, 4 бер.", "4 нау., сс". Only for buttons, never inside a sentence.
 */
export function formatDayShort(date: string, language: Language): string {
  return dateFormat(language, DAY_ON_BUTTON).format(noonOf(date));
}

function noonOf(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** "14:30" for an instant in a zone. */
export function formatTime(instant: number, zone: string, language: Language): string {
  return dateFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(instant));
}

/** "Tue 4 March, 14:30", "4 наурыз, сейсенбі, 14:30" for an instant in a zone. */
export function formatDateTime(instant: number, zone: string, language: Language): string {
  return `${formatDay(localDateOf(instant, zone), language)}, ${formatTime(instant, zone, language)}`;
}

// Local dates go through the domain's zone clock, so the chat and the slot engine agree
// on every day (DST days included).

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(instant: number, zone: string): string {
  return createZoneClock(zone).label(instant).date;
}

/** A local date moved by whole days. */
export function addDays(date: string, days: number): string {
  return formatEpochDay(epochDayOf(date) + days);
}

/** The start of a local date in a zone (epoch ms). */
export function startOfLocalDay(date: string, zone: string): number {
  return createZoneClock(zone).toInstant(epochDayOf(date), 0);
}

function epochDayOf(date: string): number {
  const day = parseLocalDate(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return day;
}

/** A price in minor units, in the currency's own format ("12 000 ₸", "€45.00"). */
export function formatPrice(amountMinor: number, currency: string, language: Language): string {
  // The local sign (₸, ₴, €) in every language: "8 000 ₸", not "8 000 KZT".
  const digits = numberFormat(language, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const amount = amountMinor / 10 ** digits;
  return numberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: Number.isInteger(amount) ? 0 : digits }).format(amount);
}

/** "45 min", "1 h 30 min" in the language. */
export function formatDuration(minutes: number, language: Language): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const unit = (value: number, name: 'hour' | 'minute') =>
    numberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (hours === 0) return unit(rest, 'minute');
  return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}
