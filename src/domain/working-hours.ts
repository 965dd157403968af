import { DomainError } from './domain-error.ts';
import type { Interval } from './time-interval.ts';
import { createZoneClock, isoWeekday, parseLocalDate, parseLocalTime, type ZoneClock } from './zone-clock.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A local wall-clock range on one day, `HH:mm`–`HH:mm` (end may be `24:00`, must be after start). */
export interface LocalTimeRange {
  readonly start: string;
  readonly end: string;
}

/** Working intervals per ISO weekday (several per day allowed); a missing day is closed. */
export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly LocalTimeRange[]>>>;

/** A recurring local break, subtracted from working hours on the given weekdays (all days if omitted). */
export interface LocalBreak extends LocalTimeRange {
  readonly weekdays?: readonly Weekday[];
}

/**
 * When and where a staff member works. Hours, overrides and breaks are local to
 * `timeZone` (IANA); time off is absolute (UTC instants) and treated as busy time.
 */
export interface StaffSchedule {
  readonly id: string;
  readonly timeZone: string;
  readonly weeklyHours: WeeklyHours;
  /** `YYYY-MM-DD` → that day's intervals, replacing the weekly ones (empty list = closed). */
  readonly dateOverrides?: Readonly<Record<string, readonly LocalTimeRange[]>>;
  readonly breaks?: readonly LocalBreak[];
  readonly timeOff?: readonly Interval[];
  /** At most this many active bookings per local day; no cap when absent or null. */
  readonly maxBookingsPerDay?: number | null;
}

/** A schedule that cannot be interpreted (malformed time, end not after start, overlapping ranges). */
export class InvalidSchedule extends DomainError {
  constructor(staffId: string, detail: string) {
    super('invalid_schedule', 'errors.invalid_schedule', `Invalid schedule for staff ${staffId}: ${detail}`, {
      staffId,
      detail,
    });
  }
}

/** A staff schedule parsed once for fast per-day expansion. */
export interface PreparedSchedule {
  readonly staff: StaffSchedule;
  readonly clock: ZoneClock;
  /** Index 1..7 → flat minute pairs [start, end, ...], sorted. */
  readonly weekly: readonly (readonly number[])[];
  readonly overrides: ReadonlyMap<number, readonly number[]>;
  /** Index 1..7 → flat minute pairs of breaks on that weekday. */
  readonly breaks: readonly (readonly number[])[];
}

function parseRanges(staffId: string, ranges: readonly LocalTimeRange[], what: string): number[] {
  const flat: number[] = [];
  for (const r of ranges) {
    const s = parseLocalTime(r.start);
    const e = parseLocalTime(r.end);
    if (s === null || e === null) throw new InvalidSchedule(staffId, `${what}: malformed time ${r.start}-${r.end}`);
    if (e <= s) throw new InvalidSchedule(staffId, `${what}: end ${r.end} is not after start ${r.start}`);
    flat.push(s, e);
  }
  sortPairs(flat);
  for (let i = 2; i < flat.length; i += 2) {
    if ((flat[i] as number) < (flat[i - 1] as number)) throw new InvalidSchedule(staffId, `${what}: overlapping intervals`);
  }
  return flat;
}

/** Sorts flat `[start, end, ...]` pairs by start, in place (insertion sort: lists are a few pairs long). */
function sortPairs(flat: number[]): void {
  for (let i = 2; i < flat.length; i += 2) {
    const s = flat[i] as number;
    const e = flat[i + 1] as number;
    let j = i - 2;
    for (; j >= 0 && (flat[j] as number) > s; j -= 2) {
      flat[j + 2] = flat[j] as number;
      flat[j + 3] = flat[j + 1] as number;
    }
    flat[j + 2] = s;
    flat[j + 3] = e;
  }
}

const EVERY_WEEKDAY: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const NONE: readonly number[] = [];

/** Validates and parses a schedule; throws {@link InvalidSchedule} or `InvalidTimeZone`. */
export function prepareSchedule(staff: StaffSchedule): PreparedSchedule {
  const clock = createZoneClock(staff.timeZone);
  const weekly: number[][] = [[]];
  const breaks: number[][] = [[]];
  for (let d = 1; d <= 7; d += 1) {
    weekly.push(parseRanges(staff.id, staff.weeklyHours[d as Weekday] ?? [], `weekday ${d}`));
    breaks.push([]);
  }
  for (const br of staff.breaks ?? []) {
    const [s, e] = parseRanges(staff.id, [br], 'break') as [number, number];
    for (const d of br.weekdays ?? EVERY_WEEKDAY) breaks[d]?.push(s, e);
  }
  for (let d = 1; d <= 7; d += 1) sortPairs(breaks[d] ?? []);
  const overrides = new Map<number, number[]>();
  for (const [date, ranges] of Object.entries(staff.dateOverrides ?? {})) {
    const day = parseLocalDate(date);
    if (day === null) throw new InvalidSchedule(staff.id, `override: malformed date ${date}`);
    overrides.set(day, parseRanges(staff.id, ranges, `override ${date}`));
  }
  return { staff, clock, weekly, overrides, breaks };
}

/**
 * Appends the working spans of local day `epochDay` as flat triples
 * `[start, end, anchor]` (UTC ms, half-open; anchor = start of the configured
 * interval before breaks were cut out, the origin of the slot grid). Local times are
 * converted with the DST rule of {@link ZoneClock}; an interval that collapses to
 * nothing on a DST day is dropped, and one that the change pushes into the next ends
 * where the next begins. Breaks are subtracted after conversion.
 */
export function appendWorkingSpans(p: PreparedSchedule, epochDay: number, out: number[]): void {
  const weekday = isoWeekday(epochDay);
  const ranges = (p.overrides.size > 0 ? p.overrides.get(epochDay) : undefined) ?? p.weekly[weekday] ?? NONE;
  const dayBreaks = p.breaks[weekday] ?? NONE;
  for (let i = 0; i < ranges.length; i += 2) {
    const start = p.clock.toInstant(epochDay, ranges[i] as number);
    let end = p.clock.toInstant(epochDay, ranges[i + 1] as number);
    // An end inside a spring-forward gap moves forward with it and may pass the next
    // interval's start (00:30–02:30 and 03:00–05:00 in New York on 2026-03-08): the
    // earlier interval then ends where the next begins, so no start is offered twice.
    if (i + 2 < ranges.length) end = Math.min(end, p.clock.toInstant(epochDay, ranges[i + 2] as number));
    if (end <= start) continue;
    let cursor = start;
    for (let b = 0; b < dayBreaks.length; b += 2) {
      const bs = p.clock.toInstant(epochDay, dayBreaks[b] as number);
      const be = p.clock.toInstant(epochDay, dayBreaks[b + 1] as number);
      if (be <= cursor || bs >= end || be <= bs) continue;
      if (bs > cursor) out.push(cursor, bs, start);
      cursor = be;
    }
    if (cursor < end) out.push(cursor, end, start);
  }
}

/** Working intervals of one local day as UTC intervals (breaks removed); for callers and tests. */
export function workingIntervalsOn(staff: StaffSchedule, localDate: string): Interval[] {
  const day = parseLocalDate(localDate);
  if (day === null) throw new InvalidSchedule(staff.id, `malformed date ${localDate}`);
  const flat: number[] = [];
  appendWorkingSpans(prepareSchedule(staff), day, flat);
  const out: Interval[] = [];
  for (let i = 0; i < flat.length; i += 3) out.push({ start: flat[i] as number, end: flat[i + 1] as number });
  return out;
}
