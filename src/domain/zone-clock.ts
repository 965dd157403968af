import { IANAZone } from 'luxon';
import { DomainError } from './domain-error.ts';

/** Milliseconds in a minute, an hour and a (24-hour) day. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A wall-clock label in some zone: ISO local date `2026-03-29` and `HH:mm`. */
export interface LocalLabel {
  readonly date: string;
  readonly time: string;
}

/** The requested IANA time zone is unknown to the runtime's tz database. */
export class InvalidTimeZone extends DomainError {
  constructor(zone: string) {
    super('invalid_time_zone', 'errors.invalid_time_zone', `Unknown time zone: ${zone}`, { zone });
  }
}

/** How one UTC day behaves in a zone: one offset, or one transition inside it. */
interface UtcDayOffsets {
  readonly before: number;
  readonly after: number;
  /** First instant at which `after` applies (only meaningful when before ≠ after). */
  readonly switchAt: number;
}

// Memo of pure tz facts (zone → UTC day index → offsets). The tz database cannot change
// while the process runs, so this cache never goes stale; it is bounded to stay small.
const MEMO_LIMIT = 200_000;
const memo = new Map<string, Map<number, UtcDayOffsets>>();
let memoSize = 0;

function zoneMemo(zone: string): Map<number, UtcDayOffsets> {
  let days = memo.get(zone);
  if (days === undefined) {
    days = new Map();
    memo.set(zone, days);
  }
  return days;
}

function utcDayOffsets(zone: IANAZone, days: Map<number, UtcDayOffsets>, day: number): UtcDayOffsets {
  const known = days.get(day);
  if (known !== undefined) return known;
  const from = day * DAY_MS;
  const before = zone.offset(from) * MINUTE_MS;
  const after = zone.offset(from + DAY_MS - 1) * MINUTE_MS;
  let switchAt = from + DAY_MS;
  if (before !== after) {
    // Bisect to the exact millisecond of the transition (done once per transition).
    let lo = from;
    let hi = from + DAY_MS - 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid) * MINUTE_MS === before) lo = mid;
      else hi = mid;
    }
    switchAt = hi;
  }
  const rec: UtcDayOffsets = { before, after, switchAt };
  if (memoSize >= MEMO_LIMIT) {
    memo.clear();
    memoSize = 0;
  }
  days.set(day, rec);
  memoSize += 1;
  return rec;
}

/**
 * Wall-clock arithmetic in one IANA zone, built for tight loops: offsets are looked up
 * once per UTC day (memoised), so converting thousands of times costs integer maths.
 *
 * DST rule for local times (applies to every conversion in the engine):
 * - a local time that does not exist (spring-forward gap) is read with the offset in
 *   force *before* the transition, i.e. it moves forward by the gap length
 *   (Europe/Kyiv 2026-03-29 03:30 → 04:30 EEST = 01:30 UTC);
 * - a local time that exists twice (fall-back overlap) means its *first* occurrence
 *   (the earlier instant, with the pre-transition offset).
 * Assumes at most one transition per 28 hours, true of every real zone.
 */
export interface ZoneClock {
  readonly zone: string;
  /** Offset from UTC in milliseconds in force at `instant`. */
  offsetAt(instant: number): number;
  /** The instant of local `minuteOfDay` (0..1440) on local day `epochDay`. */
  toInstant(epochDay: number, minuteOfDay: number): number;
  /** Local calendar day (days since 1970-01-01) containing `instant`. */
  epochDayOf(instant: number): number;
  /** Local date and `HH:mm` of `instant`. */
  label(instant: number): LocalLabel;
}

const clocks = new Map<string, ZoneClock>();

/**
 * The {@link ZoneClock} of an IANA zone (clocks are stateless views over the memo, so
 * one per zone is shared); throws {@link InvalidTimeZone} for an unknown zone.
 */
export function createZoneClock(zoneName: string): ZoneClock {
  const known = clocks.get(zoneName);
  if (known !== undefined) return known;
  if (!IANAZone.isValidZone(zoneName)) throw new InvalidTimeZone(zoneName);
  const clock = buildClock(zoneName);
  clocks.set(zoneName, clock);
  return clock;
}

function buildClock(zoneName: string): ZoneClock {
  const zone = IANAZone.create(zoneName);
  let days = zoneMemo(zoneName);
  let lastDay = NaN;
  let lastRec: UtcDayOffsets = { before: 0, after: 0, switchAt: 0 };

  const offsetAt = (instant: number): number => {
    const day = Math.floor(instant / DAY_MS);
    if (day !== lastDay) {
      if (memo.get(zoneName) !== days) days = zoneMemo(zoneName); // the memo was reset
      lastRec = utcDayOffsets(zone, days, day);
      lastDay = day;
    }
    return instant < lastRec.switchAt ? lastRec.before : lastRec.after;
  };

  const toInstant = (epochDay: number, minuteOfDay: number): number => {
    const local = epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
    const offBefore = offsetAt(local - 15 * HOUR_MS);
    const offAfter = offsetAt(local + 13 * HOUR_MS);
    const early = local - offBefore;
    if (offBefore === offAfter) return early;
    const late = local - offAfter;
    const earlyValid = offsetAt(early) === offBefore;
    const lateValid = offsetAt(late) === offAfter;
    if (earlyValid && lateValid) return Math.min(early, late);
    if (lateValid) return late;
    return early; // valid alone, or a gap: read with the pre-transition offset
  };

  const epochDayOf = (instant: number): number => Math.floor((instant + offsetAt(instant)) / DAY_MS);

  const label = (instant: number): LocalLabel => {
    const local = instant + offsetAt(instant);
    const day = Math.floor(local / DAY_MS);
    const minute = Math.floor((local - day * DAY_MS) / MINUTE_MS);
    return { date: formatEpochDay(day), time: formatMinuteOfDay(minute) };
  };

  return { zone: zoneName, offsetAt, toInstant, epochDayOf, label };
}

const dateLabels = new Map<number, string>();

/** ISO date (`YYYY-MM-DD`) of a day count since 1970-01-01 (proleptic Gregorian). */
export function formatEpochDay(epochDay: number): string {
  const cached = dateLabels.get(epochDay);
  if (cached !== undefined) return cached;
  const iso = new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
  if (dateLabels.size > 100_000) dateLabels.clear();
  dateLabels.set(epochDay, iso);
  return iso;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day count since 1970-01-01 of an ISO date `YYYY-MM-DD`; `null` when malformed. */
export function parseLocalDate(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day count since 1970-01-01. */
export function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

const minuteLabels: string[] = [];

/** `HH:mm` of a minute of the day (0..1439). */
export function formatMinuteOfDay(minute: number): string {
  let text = minuteLabels[minute];
  if (text === undefined) {
    const h = Math.floor(minute / 60);
    const mm = minute % 60;
    text = `${h < 10 ? '0' : ''}${h}:${mm < 10 ? '0' : ''}${mm}`;
    minuteLabels[minute] = text;
  }
  return text;
}

/** Minutes since local midnight of `HH:mm` (`24:00` allowed as end of day); `null` when malformed. */
export function parseLocalTime(text: string): number | null {
  if (text.length !== 5 || text.charCodeAt(2) !== 58) return null;
  const digits = [0, 1, 3, 4].map((i) => text.charCodeAt(i) - 48);
  if (digits.some((d) => !(d >= 0 && d <= 9))) return null;
  const [h1, h2, m1, m2] = digits as [number, number, number, number];
  const h = h1 * 10 + h2;
  const mm = m1 * 10 + m2;
  if (mm > 59 || h > 24 || (h === 24 && mm !== 0)) return null;
  return h * 60 + mm;
}
