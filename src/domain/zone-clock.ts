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

// Memo of pure tz facts, one per zone: how each UTC day behaves (one offset, or one
// transition inside it). The tz database cannot change while the process runs, so it
// never goes stale. Direct-mapped typed arrays (slot = day mod CACHE_DAYS, tagged with
// the day) keep a lookup to a few integer operations with no hashing, and a fixed size
// (48 KB per zone with the local-day memo in `buildClock`); a collision only means
// recomputing that day.
const CACHE_DAYS = 1024;
const CACHE_MASK = CACHE_DAYS - 1;

interface UtcDayMemo {
  readonly tag: Float64Array;
  readonly before: Float64Array;
  readonly after: Float64Array;
  /** First instant at which `after` applies (`day end` when before = after). */
  readonly switchAt: Float64Array;
}

function createDayMemo(): UtcDayMemo {
  const tag = new Float64Array(CACHE_DAYS).fill(NaN);
  return { tag, before: new Float64Array(CACHE_DAYS), after: new Float64Array(CACHE_DAYS), switchAt: new Float64Array(CACHE_DAYS) };
}

function fillUtcDay(zone: IANAZone, memo: UtcDayMemo, day: number, slot: number): void {
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
  memo.before[slot] = before;
  memo.after[slot] = after;
  memo.switchAt[slot] = switchAt;
  memo.tag[slot] = day;
}

/**
 * Wall-clock arithmetic in one IANA zone, built for tight loops: offsets are looked up
 * once per UTC day (memoised per zone), so converting thousands of times costs integer maths.
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
  const memo = createDayMemo();
  const { tag, before, after, switchAt } = memo;

  const offsetAt = (instant: number): number => {
    const day = Math.floor(instant / DAY_MS);
    const slot = day & CACHE_MASK;
    if (tag[slot] !== day) fillUtcDay(zone, memo, day, slot);
    return instant < (switchAt[slot] as number) ? (before[slot] as number) : (after[slot] as number);
  };

  // Local days on which one offset holds for every instant `toInstant` may probe
  // (15 h before local midnight to 13 h after the next): there, local → UTC is one
  // subtraction. Keyed like the UTC-day memo; NaN = the day is near a transition.
  const localTag = new Float64Array(CACHE_DAYS).fill(NaN);
  const localOffset = new Float64Array(CACHE_DAYS);
  const uniformOffset = (epochDay: number): number => {
    const first = epochDay * DAY_MS - 15 * HOUR_MS;
    const last = (epochDay + 1) * DAY_MS + 13 * HOUR_MS;
    const off = offsetAt(first);
    for (let day = Math.floor(first / DAY_MS); day <= Math.floor(last / DAY_MS); day += 1) {
      offsetAt(day * DAY_MS); // makes sure the memo holds this UTC day
      const slot = day & CACHE_MASK;
      if (before[slot] !== off || after[slot] !== off) return NaN;
    }
    return off;
  };

  const toInstant = (epochDay: number, minuteOfDay: number): number => {
    const local = epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
    if (minuteOfDay >= 0 && minuteOfDay <= 1440) {
      const slot = epochDay & CACHE_MASK;
      if (localTag[slot] !== epochDay) {
        localOffset[slot] = uniformOffset(epochDay);
        localTag[slot] = epochDay;
      }
      const off = localOffset[slot] as number;
      if (!Number.isNaN(off)) return local - off;
    }
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

/** `HH:mm` of a minute of the day (0..1440; 1440 is the end of the day, `24:00`). */
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
  const h1 = digitAt(text, 0);
  const h2 = digitAt(text, 1);
  const m1 = digitAt(text, 3);
  const m2 = digitAt(text, 4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return null;
  const h = h1 * 10 + h2;
  const mm = m1 * 10 + m2;
  if (mm > 59 || h > 24 || (h === 24 && mm !== 0)) return null;
  return h * 60 + mm;
}

/** The decimal digit at `i`, or -1 when that character is not one. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}
