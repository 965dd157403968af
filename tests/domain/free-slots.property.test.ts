import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createZoneClock,
  findFreeSlots,
  isActiveBooking,
  parseLocalTime,
  workingIntervalsOn,
  formatEpochDay,
  type AvailabilityInput,
  type BookedTime,
  type StaffSchedule,
  type Weekday,
} from '../../src/domain/index.ts';
import { DAY, MIN } from './scheduling-fixtures.ts';

const ZONES = ['Europe/Kyiv', 'America/New_York', 'Asia/Almaty'];
// Around both 2026 DST changes in Kyiv and New York, and an ordinary stretch.
const EPOCHS = [Date.UTC(2026, 2, 5), Date.UTC(2026, 9, 22), Date.UTC(2026, 5, 1)];

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const rangeArb = fc
  .tuple(fc.integer({ min: 0, max: 22 * 4 }), fc.integer({ min: 1, max: 12 * 4 }))
  .map(([s, len]) => ({ start: hhmm(s * 15), end: hhmm(Math.min(24 * 60, s * 15 + len * 15)) }));

const staffArb = (id: string): fc.Arbitrary<StaffSchedule> =>
  fc.record({
    zone: fc.constantFrom(...ZONES),
    day: fc.array(rangeArb, { maxLength: 2 }),
    brk: fc.option(rangeArb, { nil: undefined }),
    cap: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  }).map(({ zone, day, brk, cap }) => {
    const sorted = [...day].sort((a, b) => a.start.localeCompare(b.start));
    const ranges = sorted.filter((r, i) => i === 0 || r.start >= (sorted[i - 1]?.end ?? ''));
    const weeklyHours: Partial<Record<Weekday, typeof ranges>> = {};
    for (let d = 1; d <= 7; d += 1) if (d !== 7) weeklyHours[d as Weekday] = ranges;
    return { id, timeZone: zone, weeklyHours, breaks: brk === undefined ? [] : [brk], maxBookingsPerDay: cap };
  });

const inputArb = fc
  .record({
    epoch: fc.constantFrom(...EPOCHS),
    staff: fc.tuple(staffArb('ann'), staffArb('bob')),
    bookings: fc.array(
      fc.record({
        staff: fc.constantFrom('ann', 'bob'),
        offsetQ: fc.integer({ min: 0, max: 4 * 24 * 6 }),
        lenQ: fc.integer({ min: 1, max: 12 }),
        before: fc.constantFrom(0, 5, 15),
        after: fc.constantFrom(0, 10),
        status: fc.constantFrom('confirmed', 'pending', 'held', 'cancelled', 'completed'),
        holdLive: fc.boolean(),
      }),
      { maxLength: 25 },
    ),
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    before: fc.constantFrom(0, 10),
    after: fc.constantFrom(0, 15),
    step: fc.constantFrom<number | 'duration'>(15, 30, 'duration'),
    noticeMin: fc.constantFrom(0, 60, 600),
    horizonDays: fc.integer({ min: 0, max: 6 }),
    nowQ: fc.integer({ min: 0, max: 96 }),
  })
  .map((r): AvailabilityInput => {
    const now = r.epoch + r.nowQ * 15 * MIN;
    const bookings: BookedTime[] = r.bookings.map((b, i) => ({
      id: `b${i}`,
      serviceId: 'x',
      staffId: b.staff,
      resourceIds: [],
      startsAt: r.epoch + b.offsetQ * 15 * MIN,
      endsAt: r.epoch + (b.offsetQ + b.lenQ) * 15 * MIN,
      bufferBeforeMin: b.before,
      bufferAfterMin: b.after,
      status: b.status,
      holdExpiresAt: b.status === 'held' ? now + (b.holdLive ? 1 : 0) : null,
    }));
    return {
      service: { id: 'svc', durationMin: r.duration, bufferBeforeMin: r.before, bufferAfterMin: r.after },
      staff: [...r.staff],
      bookings,
      policy: { minNoticeMin: r.noticeMin, horizonDays: r.horizonDays, slotStepMin: r.step },
      now,
    };
  });

/** Brute force: every (start, staff) pair the rules allow, checked against every booking. */
function oracle(input: AvailabilityInput, from: number, to: number): string[] {
  const d = input.service.durationMin * MIN;
  const before = input.service.bufferBeforeMin * MIN;
  const after = input.service.bufferAfterMin * MIN;
  const step = (input.policy.slotStepMin === 'duration' ? input.service.durationMin : input.policy.slotStepMin) * MIN;
  const out: string[] = [];
  for (const st of input.staff) {
    const clock = createZoneClock(st.timeZone);
    for (let day = clock.epochDayOf(from) - 1; day <= clock.epochDayOf(to) + 1; day += 1) {
      const date = formatEpochDay(day);
      const working = workingIntervalsOn(st, date);
      const weekday = (((day + 3) % 7) + 7) % 7 + 1;
      const active = input.bookings.filter((b) => b.staffId === st.id && isActiveBooking(b, input.now));
      const dayCount = active.filter((b) => clock.epochDayOf(b.startsAt) === day).length;
      if (st.maxBookingsPerDay !== null && st.maxBookingsPerDay !== undefined && dayCount >= st.maxBookingsPerDay) continue;
      for (const range of st.weeklyHours[weekday as Weekday] ?? []) {
        const anchor = clock.toInstant(day, parseLocalTime(range.start) ?? 0);
        const end = clock.toInstant(day, parseLocalTime(range.end) ?? 0);
        for (let s = anchor; s + d <= end; s += step) {
          if (s < from || s >= to) continue;
          if (s < input.now + input.policy.minNoticeMin * MIN || s > input.now + input.policy.horizonDays * DAY) continue;
          if (!working.some((w) => w.start <= s && s + d <= w.end)) continue;
          const clash = active.some(
            (b) => b.startsAt - b.bufferBeforeMin * MIN < s + d + after && s - before < b.endsAt + b.bufferAfterMin * MIN,
          );
          if (!clash) out.push(`${s} ${st.id}`);
        }
      }
    }
  }
  return [...new Set(out)].sort();
}

describe('findFreeSlots properties', () => {
  it('returns exactly the (start, staff) pairs a brute-force check allows', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const from = input.now - DAY;
        const to = input.now + 5 * DAY;
        const slots = findFreeSlots(input, { from, to, labelZone: 'UTC' });
        const pairs = slots.flatMap((s) => s.staffIds.map((id) => `${s.startsAt} ${id}`)).sort();
        expect(pairs).toEqual(oracle(input, from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('is sorted, respects notice and horizon, and no slot touches busy time', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const slots = findFreeSlots(input, { from: input.now - DAY, to: input.now + 8 * DAY, labelZone: 'Europe/Kyiv' });
        const d = input.service.durationMin * MIN;
        for (let i = 0; i < slots.length; i += 1) {
          const s = slots[i];
          if (s === undefined) continue;
          if (i > 0) expect(s.startsAt).toBeGreaterThan(slots[i - 1]?.startsAt ?? -Infinity);
          expect(s.endsAt - s.startsAt).toBe(d);
          expect(s.startsAt).toBeGreaterThanOrEqual(input.now + input.policy.minNoticeMin * MIN);
          expect(s.startsAt).toBeLessThanOrEqual(input.now + input.policy.horizonDays * DAY);
          expect(s.staffIds).toContain(s.assignedStaffId);
          for (const id of s.staffIds) {
            for (const b of input.bookings) {
              if (b.staffId !== id || !isActiveBooking(b, input.now)) continue;
              const clear =
                s.endsAt + input.service.bufferAfterMin * MIN <= b.startsAt - b.bufferBeforeMin * MIN ||
                b.endsAt + b.bufferAfterMin * MIN <= s.startsAt - input.service.bufferBeforeMin * MIN;
              expect(clear).toBe(true);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic and independent of input order', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const range = { from: input.now, to: input.now + 6 * DAY, labelZone: 'America/New_York' };
        const a = findFreeSlots(input, range);
        const b = findFreeSlots({ ...input, staff: [...input.staff].reverse(), bookings: [...input.bookings].reverse() }, range);
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same slots for bookings sorted by start (the database order) and shuffled', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.nat(), { maxLength: 25 }), (input, keys) => {
        const range = { from: input.now - DAY, to: input.now + 6 * DAY, labelZone: 'Europe/Kyiv' };
        const sorted = [...input.bookings].sort((x, y) => x.startsAt - y.startsAt);
        const shuffled = input.bookings.map((b, i) => ({ b, key: keys[i] ?? i })).sort((x, y) => x.key - y.key).map((x) => x.b);
        const a = findFreeSlots({ ...input, bookings: sorted }, range);
        expect(findFreeSlots({ ...input, bookings: shuffled }, range)).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
