import { z } from 'zod';
import type { LocalMinuteInterval } from '../../db/entities/index.ts';
import { formatMinuteOfDay } from '../../domain/index.ts';

/** Most working intervals one day may have (a split shift with a few breaks). */
export const MAX_INTERVALS_PER_DAY = 12;

/**
 * Why a day's hours are refused, as an i18n key under `panel.errors`: not written like
 * `09:00-13:00`, a time outside 00:00–24:00, an interval that does not end after it
 * starts, two intervals that overlap, or too many intervals.
 */
export type DayHoursProblem = 'staff_hours_format' | 'staff_hours_range' | 'staff_hours_reversed' | 'staff_hours_overlap' | 'staff_hours_excess';

/** A day's intervals in minutes from local midnight, sorted, or why they are refused. */
export type DayHoursResult = { ok: true; intervals: LocalMinuteInterval[] } | { ok: false; problem: DayHoursProblem };

/** An interval as a caller passes it: `HH:MM` to `HH:MM` (`24:00` allowed as an end). */
export interface DayInterval {
  start: string;
  end: string;
}

const TIME = /^(\d{1,2})[:.](\d{2})$/;

// Minutes from midnight of `9:00`/`09:00`/`09.00`; 'format' when it is not a time, 'range' when past 24:00.
function minuteOf(text: string): number | 'format' | 'range' {
  const m = TIME.exec(text.trim());
  if (!m) return 'format';
  const [h, mm] = [Number(m[1]), Number(m[2])];
  if (mm > 59 || h > 24 || (h === 24 && mm > 0)) return 'range';
  return h * 60 + mm;
}

/**
 * Checks one day's intervals: each within 00:00–24:00 and ending after it starts, none
 * overlapping another (touching is fine: 09:00–13:00 and 13:00–18:00). Returns them
 * sorted by start; an empty list is a day off.
 */
export function checkDayIntervals(intervals: readonly DayInterval[]): DayHoursResult {
  if (intervals.length > MAX_INTERVALS_PER_DAY) return { ok: false, problem: 'staff_hours_excess' };
  const out: LocalMinuteInterval[] = [];
  for (const interval of intervals) {
    const start = minuteOf(interval.start);
    const end = minuteOf(interval.end);
    if (start === 'format' || end === 'format') return { ok: false, problem: 'staff_hours_format' };
    if (start === 'range' || end === 'range') return { ok: false, problem: 'staff_hours_range' };
    if (end <= start) return { ok: false, problem: 'staff_hours_reversed' };
    out.push({ startMinute: start, endMinute: end });
  }
  out.sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < out.length; i += 1) {
    if (out[i]!.startMinute < out[i - 1]!.endMinute) return { ok: false, problem: 'staff_hours_overlap' };
  }
  return { ok: true, intervals: out };
}

/**
 * Reads a day's hours as typed in the panel: intervals like `09:00-13:00, 14:00-18:00`
 * (separated by commas, semicolons or new lines; `-`, `–` or `—` between the times).
 * The gaps are breaks; blank text is a day off.
 */
export function parseDayHours(text: string): DayHoursResult {
  const pieces = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const intervals: DayInterval[] = [];
  for (const piece of pieces) {
    const m = /^(\S+?)\s*[-–—]\s*(\S+)$/.exec(piece);
    if (!m) return { ok: false, problem: 'staff_hours_format' };
    intervals.push({ start: m[1]!, end: m[2]! });
  }
  return checkDayIntervals(intervals);
}

/** A day's intervals as the panel shows them: `09:00-13:00, 14:00-18:00` (blank: off). */
export function formatDayHours(intervals: readonly LocalMinuteInterval[]): string {
  return intervals.map((i) => `${formatMinuteOfDay(i.startMinute)}-${formatMinuteOfDay(i.endMinute)}`).join(', ');
}

/** A day's hours typed as text (`09:00-13:00, 14:00-18:00`), parsed to sorted minute intervals. */
export const DayHoursText = z
  .string()
  .max(300, 'staff_hours_format')
  .transform((text, ctx) => {
    const result = parseDayHours(text);
    if (result.ok) return result.intervals;
    ctx.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  });

/** A day's hours passed as a list of `{ start, end }`, parsed to sorted minute intervals. */
export const DayIntervalList = z
  .array(z.object({ start: z.string().max(5, 'staff_hours_format'), end: z.string().max(5, 'staff_hours_format') }), { error: 'staff_hours_format' })
  .transform((list, ctx) => {
    const result = checkDayIntervals(list);
    if (result.ok) return result.intervals;
    ctx.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  });
