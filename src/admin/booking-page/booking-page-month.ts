import { DateTime } from 'luxon';

/** One cell of a month calendar: a day of the month (free or not), or a blank before the 1st. */
export interface MonthCell {
  date: string | null;
  dayNumber: number;
  free: boolean;
}

/** A month calendar: weeks from Monday, and the months either side the visitor may go to. */
export interface MonthGrid {
  /** `YYYY-MM`. */
  month: string;
  /** The first day of the month (for its name). */
  firstDate: string;
  weeks: MonthCell[][];
  previous: string | null;
  next: string | null;
}

/** How far ahead the calendar goes, in months after the current one. */
export const MONTHS_AHEAD = 12;

/** The month a calendar opens on: the asked one, kept within this month and {@link MONTHS_AHEAD} after it. */
export function clampMonth(asked: string | undefined, today: string): string {
  const current = today.slice(0, 7);
  const last = DateTime.fromISO(`${current}-01`).plus({ months: MONTHS_AHEAD }).toFormat('yyyy-MM');
  if (!asked || asked < current) return current;
  return asked > last ? last : asked;
}

/** The days of `month` a calendar asks about: from today (or the 1st) to the month's end. */
export function monthRange(month: string, today: string): { firstDate: string; days: number } {
  const first = DateTime.fromISO(`${month}-01`);
  const start = today > first.toISODate()! && today.slice(0, 7) === month ? today : first.toISODate()!;
  const days = first.daysInMonth! - Number(start.slice(8, 10)) + 1;
  return { firstDate: start, days };
}

/** Lays out a month with its free days marked (`freeDates`: local dates with a free slot). */
export function monthGrid(month: string, today: string, freeDates: ReadonlySet<string>): MonthGrid {
  const first = DateTime.fromISO(`${month}-01`);
  const cells: MonthCell[] = Array.from({ length: first.weekday - 1 }, () => ({ date: null, dayNumber: 0, free: false }));
  for (let d = 1; d <= first.daysInMonth!; d += 1) {
    const date = first.set({ day: d }).toISODate()!;
    cells.push({ date, dayNumber: d, free: freeDates.has(date) });
  }
  while (cells.length % 7 !== 0) cells.push({ date: null, dayNumber: 0, free: false });
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const previous = first.minus({ months: 1 }).toFormat('yyyy-MM');
  const next = first.plus({ months: 1 }).toFormat('yyyy-MM');
  return {
    month,
    firstDate: first.toISODate()!,
    weeks,
    previous: previous >= today.slice(0, 7) ? previous : null,
    next: clampMonth(next, today) === next ? next : null,
  };
}
