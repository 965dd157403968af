import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createZoneClock,
  formatMinuteOfDay,
  InvalidTimeZone,
  isoWeekday,
  parseLocalDate,
  parseLocalTime,
} from '../../src/domain/zone-clock.ts';

const day = (iso: string): number => {
  const d = parseLocalDate(iso);
  if (d === null) throw new Error(iso);
  return d;
};

describe('toInstant: local wall time → UTC, DST rule', () => {
  it.each([
    // zone, local date, local time, expected UTC, case
    ['Europe/Kyiv', '2026-03-29', '02:30', '2026-03-29T00:30:00Z', 'before the spring gap'],
    ['Europe/Kyiv', '2026-03-29', '03:30', '2026-03-29T01:30:00Z', 'in the gap: moved forward (04:30 EEST)'],
    ['Europe/Kyiv', '2026-03-29', '04:00', '2026-03-29T01:00:00Z', 'first valid time after the gap'],
    ['Europe/Kyiv', '2026-10-25', '03:30', '2026-10-25T00:30:00Z', 'fall-back overlap: first occurrence (EEST)'],
    ['Europe/Kyiv', '2026-10-25', '04:00', '2026-10-25T02:00:00Z', 'after the overlap (EET)'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00Z', 'in the gap: moved forward (03:30 EDT)'],
    ['America/New_York', '2026-03-08', '03:00', '2026-03-08T07:00:00Z', 'after the gap'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00Z', 'overlap: first occurrence (EDT)'],
    ['America/New_York', '2026-11-01', '02:00', '2026-11-01T07:00:00Z', 'after the overlap (EST)'],
    ['Asia/Almaty', '2026-03-29', '10:00', '2026-03-29T05:00:00Z', 'no DST, UTC+5'],
    ['Asia/Almaty', '2026-10-25', '00:00', '2026-10-24T19:00:00Z', 'midnight'],
  ])('%s %s %s → %s (%s)', (zone, date, time, utc) => {
    const clock = createZoneClock(zone);
    expect(clock.toInstant(day(date), parseLocalTime(time) ?? -1)).toBe(Date.parse(utc));
  });
});

describe('label: UTC → local date and HH:mm', () => {
  it.each([
    ['Europe/Kyiv', '2026-03-29T00:59:00Z', '2026-03-29', '02:59'],
    ['Europe/Kyiv', '2026-03-29T01:00:00Z', '2026-03-29', '04:00'],
    ['Europe/Kyiv', '2026-10-25T00:30:00Z', '2026-10-25', '03:30'],
    ['Europe/Kyiv', '2026-10-25T01:30:00Z', '2026-10-25', '03:30'],
    ['America/New_York', '2026-11-01T05:30:00Z', '2026-11-01', '01:30'],
    ['America/New_York', '2026-11-01T06:30:00Z', '2026-11-01', '01:30'],
    ['America/New_York', '2026-03-01T03:00:00Z', '2026-02-28', '22:00'],
    ['Asia/Almaty', '2026-12-31T19:00:00Z', '2027-01-01', '00:00'],
  ])('%s %s → %s %s', (zone, utc, date, time) => {
    expect(createZoneClock(zone).label(Date.parse(utc))).toEqual({ date, time });
  });
});

describe('parsing', () => {
  it.each([
    ['09:00', 540],
    ['00:00', 0],
    ['24:00', 1440],
    ['23:59', 1439],
    ['24:01', null],
    ['9:00', null],
    ['12:60', null],
    ['ab:cd', null],
    ['', null],
  ])('parseLocalTime(%j) = %j', (text, expected) => {
    expect(parseLocalTime(text)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 0],
    ['2026-03-29', 20541],
    ['2026-02-30', null],
    ['2026-3-1', null],
  ])('parseLocalDate(%j) = %j', (text, expected) => {
    expect(parseLocalDate(text)).toBe(expected);
  });

  it.each([
    ['2026-06-01', 1],
    ['2026-06-07', 7],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
  ])('isoWeekday(%s) = %i', (date, weekday) => {
    expect(isoWeekday(day(date))).toBe(weekday);
  });

  it('rejects an unknown zone with a typed error', () => {
    expect(() => createZoneClock('Mars/Olympus')).toThrow(InvalidTimeZone);
  });
});

describe('properties', () => {
  const zones = ['Europe/Kyiv', 'America/New_York', 'Asia/Almaty', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
  it('label(toInstant(d, m)) is (d, m) for every wall time that exists once or twice', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 19_000, max: 22_000 }), fc.integer({ min: 0, max: 1439 }), (zone, d, m) => {
        const clock = createZoneClock(zone);
        const t = clock.toInstant(d, m);
        const lbl = clock.label(t);
        const inGap = lbl.date !== parseLocalDateOrThrow(d) || lbl.time !== formatMinuteOfDay(m);
        if (inGap) {
          // Only a nonexistent time may move, and only forward by under 2 hours.
          expect(t + clock.offsetAt(t - 86_400_000) - d * 86_400_000 - m * 60_000).toBe(0);
        }
      }),
    );
  });

  it('toInstant follows the DST rule computed from offsetAt alone, on ordinary and transition days', () => {
    const DAY = 86_400_000;
    const HOUR = 3_600_000;
    // The rule, spelled out with no caching or shortcuts.
    const reference = (zone: string, d: number, m: number): number => {
      const clock = createZoneClock(zone);
      const local = d * DAY + m * 60_000;
      const offBefore = clock.offsetAt(local - 15 * HOUR);
      const offAfter = clock.offsetAt(local + 13 * HOUR);
      const early = local - offBefore;
      if (offBefore === offAfter) return early;
      const late = local - offAfter;
      const earlyValid = clock.offsetAt(early) === offBefore;
      const lateValid = clock.offsetAt(late) === offAfter;
      if (earlyValid && lateValid) return Math.min(early, late);
      return lateValid ? late : early;
    };
    // 2026 transitions: Kyiv 03-29 and 10-25, New York 03-08 and 11-01, Lord Howe 04-05 and 10-04.
    const transitionDays = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2026-10-04'].map(day);
    const dayArb = fc.oneof(
      fc.integer({ min: 19_000, max: 22_000 }),
      fc.tuple(fc.constantFrom(...transitionDays), fc.integer({ min: -2, max: 2 })).map(([d, k]) => d + k),
    );
    fc.assert(
      fc.property(fc.constantFrom(...zones), dayArb, fc.integer({ min: 0, max: 1440 }), (zone, d, m) => {
        expect(createZoneClock(zone).toInstant(d, m)).toBe(reference(zone, d, m));
      }),
      { numRuns: 2000 },
    );
  });

  it('offsetAt matches luxon for any instant', async () => {
    const { IANAZone } = await import('luxon');
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 1.6e12, max: 1.9e12 }), (zone, t) => {
        expect(createZoneClock(zone).offsetAt(t)).toBe(IANAZone.create(zone).offset(t) * 60_000);
      }),
    );
  });
});

function parseLocalDateOrThrow(d: number): string {
  return new Date(d * 86_400_000).toISOString().slice(0, 10);
}
