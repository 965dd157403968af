import { DateTime } from 'luxon';

// Forms speak the business's wall clock (`2031-03-05`, `2031-03-05T18:00`); rows store
// UTC instants. These convert between the two in the business's IANA zone. A local time
// inside a spring-forward gap moves forward by the gap, as luxon reads it.

/** The instant of a local `YYYY-MM-DDTHH:mm` in `zone`, or null when it is no real date-time. */
export function localDateTimeToInstant(text: string, zone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return null;
  const local = DateTime.fromISO(text, { zone });
  return local.isValid ? local.toJSDate() : null;
}

/** An instant as the local `YYYY-MM-DDTHH:mm` a `datetime-local` input shows in `zone`. */
export function instantToLocalDateTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The instant local day `YYYY-MM-DD` starts in `zone` (plus `days` days), or null for no real date. */
export function localDayStart(date: string, zone: string, days = 0): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const local = DateTime.fromISO(date, { zone });
  return local.isValid ? local.plus({ days }).startOf('day').toJSDate() : null;
}

/** The local day `YYYY-MM-DD` of an instant in `zone` (plus `days` days). */
export function instantToLocalDay(instant: Date, zone: string, days = 0): string {
  return DateTime.fromJSDate(instant, { zone }).plus({ days }).toISODate() ?? '';
}
