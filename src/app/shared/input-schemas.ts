import { z } from 'zod';

/**
 * The years a date given to BookChat may fall in. Anything outside is a typing mistake,
 * and some of it (year 0) is no date PostgreSQL or `Date` can hold.
 */
export const YEARS = { first: 2000, last: 2199 } as const;

/**
 * An instant in epoch ms within {@link YEARS} (2000–2199): anything outside is a client
 * error, and never reaches `Date` (which throws beyond ±8.64e15).
 */
export const Instant = z
  .number()
  .int()
  .min(Date.UTC(YEARS.first, 0, 1), 'must be a date after 2000')
  .max(Date.UTC(YEARS.last + 1, 0, 1), 'must be a date before 2200');

/** A real calendar date, YYYY-MM-DD (2031-02-31 is refused). */
export const LocalDate = z.iso.date();

/** An entity id. */
export const Id = z.uuid();

/**
 * The version of a row the person acting saw (the panel's forms carry it): a change made
 * on an older version is refused instead of silently overwriting what changed since.
 * Absent: no check (chats act on the booking as it is).
 */
export const ExpectedVersion = z.number().int().positive().optional();

// C0 control characters are invisible on a page, and PostgreSQL refuses NUL in text
// ("unsupported Unicode escape sequence"): they are dropped rather than failing the
// save. Text of one line takes its tabs and line breaks as spaces; text of several keeps
// them, each break as `\n` (a textarea posts `\r\n`).
const LINE_BREAKS = /\r\n?/g;
const TABS_AND_BREAKS = /[\t\n]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f]/g;

function cleanText(lines: 'one' | 'many') {
  return (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const broken = value.replace(LINE_BREAKS, '\n');
    return (lines === 'one' ? broken.replace(TABS_AND_BREAKS, ' ') : broken).replace(CONTROLS, '').trim();
  };
}

/**
 * Text a person typed, as a text column can keep it: trimmed, without NUL or other C0
 * control characters (on `lines: 'one'`, the default, tabs and line breaks become
 * spaces; on `'many'` they stay), at most `max` characters (`tooLong`, the column's
 * size). With `required`, blank, missing or anything but a string is that key; without,
 * blank is `''`, anything but a string is `invalid`, and missing is the caller's to
 * decide (`.default('')`, `.optional()`). Messages are i18n keys under `panel.errors`.
 */
export function textField(max: number, keys: { tooLong: string; required?: string; lines?: 'one' | 'many' }) {
  const text = z.string({ error: keys.required ?? 'invalid' }).max(max, keys.tooLong);
  return z.preprocess(cleanText(keys.lines ?? 'one'), keys.required ? text.min(1, keys.required) : text);
}
