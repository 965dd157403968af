import { DateTime } from 'luxon';
import { z } from 'zod';
import { YEARS } from '../shared/input-schemas.ts';

// Forms speak the business's wall clock (`2031-03-05`, `2031-03-05T18:00`); rows store
// UTC instants. These convert between the two in the business's IANA zone. A local time
// inside a spring-forward gap moves forward by the gap, as luxon reads it. Only years
// 2000–2199 are read: year 0 would reach PostgreSQL as no date it knows.

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const LOCAL_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True when the text's leading `YYYY` is one of {@link YEARS}. */
function inYears(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= YEARS.first && year <= YEARS.last;
}

// Checked once the text has the right shape (the form shows one error a field).
const yearRange = { message: 'date_year_range', when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

const blankAsNone = <T extends z.ZodType>(field: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), field.optional());

/**
 * A local date-time as a `datetime-local` input posts it (`2031-03-05T18:00`; a space
 * for the `T` is read too): `key` for any other text, `date_year_range` for a year out of
 * 2000–2199.
 */
export function localDateTimeField(key: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(' ', 'T') : v),
    z.string({ error: key }).regex(LOCAL_DATE_TIME, key).refine(inYears, yearRange),
  );
}

/** A local day as a `date` input posts it (`2031-03-05`), a real date: `key` for any other text, `date_year_range` for a year out of 2000–2199. */
export function localDayField(key: string) {
  return z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.iso.date({ error: key }).refine(inYears, yearRange));
}

/** Like {@link localDateTimeField}, but blank or missing is `undefined`. */
export function optionalLocalDateTimeField(key: string) {
  return blankAsNone(localDateTimeField(key));
}

/** Like {@link localDayField}, but blank or missing is `undefined`. */
export function optionalLocalDayField(key: string) {
  return blankAsNone(localDayField(key));
}

/** The instant of a local `YYYY-MM-DDTHH:mm` in `zone`, or null when it is no real date-time of 2000–2199. */
export function localDateTimeToInstant(text: string, zone: string): Date | null {
  if (!LOCAL_DATE_TIME.test(text) || !inYears(text)) return null;
  const local = DateTime.fromISO(text, { zone });
  return local.isValid ? local.toJSDate() : null;
}

/** An instant as the local `YYYY-MM-DDTHH:mm` a `datetime-local` input shows in `zone`. */
export function instantToLocalDateTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The instant local day `YYYY-MM-DD` starts in `zone` (plus `days` days), or null for no real date of 2000–2199. */
export function localDayStart(date: string, zone: string, days = 0): Date | null {
  if (!LOCAL_DAY.test(date) || !inYears(date)) return null;
  const local = DateTime.fromISO(date, { zone });
  return local.isValid ? local.plus({ days }).startOf('day').toJSDate() : null;
}

/** The local day `YYYY-MM-DD` of an instant in `zone` (plus `days` days). */
export function instantToLocalDay(instant: Date, zone: string, days = 0): string {
  return DateTime.fromJSDate(instant, { zone }).plus({ days }).toISODate() ?? '';
}
