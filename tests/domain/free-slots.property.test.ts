import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  findFreeSlots,
  isActiveBooking,
  type AvailabilityInput,
  type BookedTime,
  type ExternalBusy,
  type LocalTimeRange,
  type Resource,
  type StaffSchedule,
  type Weekday,
} from '../../src/domain/index.ts';
import { DAY, MIN } from './scheduling-fixtures.ts';

/**
 * Each run happens around one day of one zone: every 2026 DST change of Kyiv and New
 * York, both changes of Lord Howe (a 30-minute shift), and an ordinary week in Almaty.
 * The epoch is UTC midnight two days before; "now" falls within the day after it, and
 * the queries reach past the change.
 */
const SCENARIOS = [
  { zone: 'America/New_York', change: '2026-03-08' },
  { zone: 'America/New_York', change: '2026-11-01' },
  { zone: 'Europe/Kyiv', change: '2026-03-29' },
  { zone: 'Europe/Kyiv', change: '2026-10-25' },
  { zone: 'Australia/Lord_Howe', change: '2026-04-05' },
  { zone: 'Australia/Lord_Howe', change: '2026-10-04' },
  { zone: 'Asia/Almaty', change: null },
] as const;
const ZONES = [...new Set(SCENARIOS.map((s) => s.zone))];
const utcMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const plusDays = (date: string, days: number): string => new Date(utcMidnight(date) + days * DAY).toISOString().slice(0, 10);
const epochOf = (s: (typeof SCENARIOS)[number]): number => utcMidnight(plusDays(s.change ?? '2026-06-03', -2));

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const quarterRange = (startQ: number, lengthQ: number): LocalTimeRange => ({ start: hhmm(startQ * 15), end: hhmm(Math.min(24 * 60, (startQ + lengthQ) * 15)) });

// Working hours: a usual day, the small hours where the clocks change, or anything at all.
const rangeArb = fc.oneof(
  fc.tuple(fc.integer({ min: 7 * 4, max: 11 * 4 }), fc.integer({ min: 4 * 4, max: 10 * 4 })).map(([s, len]) => quarterRange(s, len)),
  fc.tuple(fc.integer({ min: 0, max: 3 * 4 }), fc.integer({ min: 2 * 4, max: 6 * 4 })).map(([s, len]) => quarterRange(s, len)),
  fc.tuple(fc.integer({ min: 0, max: 22 * 4 }), fc.integer({ min: 1, max: 12 * 4 })).map(([s, len]) => quarterRange(s, len)),
);
/** Up to two non-overlapping ranges, sorted; usually at least one. */
const dayArb = fc.array(rangeArb, { minLength: 1, maxLength: 2 }).map((day) => {
  const sorted = [...day].sort((a, b) => a.start.localeCompare(b.start));
  return sorted.filter((r, i) => i === 0 || r.start >= (sorted[i - 1]?.end ?? ''));
});

/** An interval in quarter hours from the epoch, for time off, external busy and unavailable rooms. */
const spanArb = fc.tuple(fc.integer({ min: 0, max: 6 * 96 }), fc.integer({ min: 1, max: 16 })).map(([q, len]) => ({ fromQ: q, toQ: q + len }));

const staffArb = (id: string, zone: fc.Arbitrary<string>) =>
  fc.record({
    zone,
    week: dayArb,
    weekend: fc.option(dayArb, { nil: undefined, freq: 4 }),
    brk: fc.option(rangeArb, { nil: undefined, freq: 2 }),
    breakDays: fc.option(fc.subarray<Weekday>([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), { nil: undefined }),
    cap: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null, freq: 3 }),
    // `YYYY-MM-DD` offsets from the epoch: that day's hours replaced (often the day of the change).
    overrides: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.array(rangeArb, { maxLength: 1 })), { maxLength: 2 }),
    timeOff: fc.array(spanArb, { maxLength: 2 }),
  }).map((s) => ({ id, ...s }));

const inputArb = fc
  .record({
    scenario: fc.constantFrom(...SCENARIOS),
    otherZone: fc.constantFrom(...ZONES),
    sameZone: fc.boolean(),
    bookings: fc.array(
      fc.record({
        staff: fc.constantFrom<string | null>('ann', 'bob', 'ann', 'bob', null),
        offsetQ: fc.integer({ min: 0, max: 6 * 96 }),
        lenQ: fc.integer({ min: 1, max: 8 }),
        before: fc.constantFrom(0, 5, 15),
        after: fc.constantFrom(0, 10),
        status: fc.constantFrom('confirmed', 'pending', 'held', 'cancelled', 'completed'),
        holdLive: fc.boolean(),
        room: fc.constantFrom<string | null>(null, null, 'r1', 'r2'),
      }),
      { maxLength: 15 },
    ),
    externalBusy: fc.array(fc.tuple(fc.constantFrom('ann', 'bob'), spanArb), { maxLength: 3 }),
    rooms: fc.option(
      fc.array(
        fc.record({
          capacity: fc.constantFrom(1, 1, 2),
          status: fc.constantFrom<Resource['status']>('active', 'active', 'active', 'maintenance'),
          unavailable: fc.array(spanArb, { maxLength: 1 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      { nil: null, freq: 2 },
    ),
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    before: fc.constantFrom(0, 10),
    after: fc.constantFrom(0, 15),
    step: fc.constantFrom<number | 'duration'>(15, 30, 'duration'),
    noticeMin: fc.constantFrom(0, 0, 60, 600),
    horizonDays: fc.oneof(fc.integer({ min: 3, max: 6 }), fc.integer({ min: 3, max: 6 }), fc.integer({ min: 0, max: 2 })),
    nowQ: fc.integer({ min: 0, max: 96 }),
  })
  .chain((r) =>
    fc
      .tuple(staffArb('ann', fc.constant(r.scenario.zone)), staffArb('bob', fc.constant(r.sameZone ? r.scenario.zone : r.otherZone)))
      .map((staff) => ({ ...r, staff })),
  )
  .map((r): AvailabilityInput => {
    const epoch = epochOf(r.scenario);
    const at = (q: number) => epoch + q * 15 * MIN;
    const now = at(r.nowQ);
    const epochDate = new Date(epoch).toISOString().slice(0, 10);
    const staff = r.staff.map((s): StaffSchedule => {
      const weeklyHours: Partial<Record<Weekday, readonly LocalTimeRange[]>> = {};
      for (let d = 1; d <= 7; d += 1) weeklyHours[d as Weekday] = d >= 6 && s.weekend ? s.weekend : s.week;
      return {
        id: s.id,
        timeZone: s.zone,
        weeklyHours,
        breaks: s.brk === undefined ? [] : [{ ...s.brk, ...(s.breakDays ? { weekdays: s.breakDays } : {}) }],
        dateOverrides: Object.fromEntries(s.overrides.map(([day, ranges]) => [plusDays(epochDate, day), ranges])),
        timeOff: s.timeOff.map((t) => ({ start: at(t.fromQ), end: at(t.toQ) })),
        maxBookingsPerDay: s.cap,
      };
    });
    const bookings: BookedTime[] = r.bookings.map((b, i) => ({
      id: `b${i}`,
      serviceId: 'x',
      staffId: b.staff,
      resourceIds: b.room && r.rooms ? [b.room] : [],
      startsAt: at(b.offsetQ),
      endsAt: at(b.offsetQ + b.lenQ),
      bufferBeforeMin: b.before,
      bufferAfterMin: b.after,
      status: b.status,
      holdExpiresAt: b.status === 'held' ? now + (b.holdLive ? 1 : 0) : null,
    }));
    const resources = (r.rooms ?? []).map((room, i): Resource => ({
      id: `r${i + 1}`,
      kind: 'room',
      capacity: room.capacity,
      status: room.status,
      unavailable: room.unavailable.map((u) => ({ start: at(u.fromQ), end: at(u.toQ) })),
    }));
    const externalBusy: ExternalBusy[] = r.externalBusy.map(([staffId, t]) => ({ staffId, start: at(t.fromQ), end: at(t.toQ) }));
    return {
      service: { id: 'svc', durationMin: r.duration, bufferBeforeMin: r.before, bufferAfterMin: r.after, ...(r.rooms ? { requiredResourceKinds: ['room'] } : {}) },
      staff,
      ...(r.rooms ? { resources } : {}),
      bookings,
      externalBusy,
      policy: { minNoticeMin: r.noticeMin, horizonDays: r.horizonDays, slotStepMin: r.step },
      now,
    };
  });

/**
 * Local wall time → UTC by the documented rule, worked out from luxon's offsets alone
 * (not the engine's zone clock): a time that exists twice means its first occurrence;
 * a time in a spring-forward gap is read with the offset before the change.
 */
function localToUtc(zone: string, date: string, minuteOfDay: number): number {
  const z = IANAZone.create(zone);
  const wall = utcMidnight(date) + minuteOfDay * MIN;
  const before = z.offset(wall - DAY);
  const offsets = new Set([before, z.offset(wall), z.offset(wall + DAY)]);
  const valid = [...offsets].map((o) => wall - o * MIN).filter((t) => z.offset(t) * MIN === wall - t);
  return valid.length > 0 ? Math.min(...valid) : wall - before * MIN;
}

const localDate = (instant: number, zone: string): string => DateTime.fromMillis(instant, { zone }).toISODate() ?? '';
const isoWeekday = (date: string): Weekday => DateTime.fromISO(date, { zone: 'UTC' }).weekday as Weekday;
const overlap = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;

/** Most uses of one room at any instant of `[from, to)`. */
function peakUse(spans: readonly [number, number][], from: number, to: number): number {
  const probes = [from, ...spans.map(([s]) => s).filter((s) => s > from && s < to)];
  return Math.max(0, ...probes.map((t) => spans.filter(([s, e]) => s <= t && t < e).length));
}

/** Brute force: every (start, staff) pair the rules allow, each rule checked directly. */
function oracle(input: AvailabilityInput, from: number, to: number): string[] {
  const d = input.service.durationMin * MIN;
  const before = input.service.bufferBeforeMin * MIN;
  const after = input.service.bufferAfterMin * MIN;
  const step = (input.policy.slotStepMin === 'duration' ? input.service.durationMin : input.policy.slotStepMin) * MIN;
  const active = input.bookings.filter((b) => isActiveBooking(b, input.now));
  const blocked = (b: BookedTime): [number, number] => [b.startsAt - b.bufferBeforeMin * MIN, b.endsAt + b.bufferAfterMin * MIN];
  const roomsFree = (s: number): boolean => {
    const kinds = input.service.requiredResourceKinds ?? [];
    return kinds.every((kind) =>
      (input.resources ?? []).some((r) => {
        if (r.kind !== kind || r.status !== 'active' || r.capacity < 1) return false;
        if ((r.unavailable ?? []).some((u) => overlap(u.start, u.end, s - before, s + d + after))) return false;
        return peakUse(active.filter((b) => b.resourceIds.includes(r.id)).map(blocked), s - before, s + d + after) < r.capacity;
      }),
    );
  };
  const out: string[] = [];
  for (const st of input.staff) {
    const mine = active.filter((b) => b.staffId === st.id);
    const busy = [
      ...mine.map(blocked),
      ...(st.timeOff ?? []).map((t): [number, number] => [t.start, t.end]),
      ...(input.externalBusy ?? []).filter((e) => e.staffId === st.id).map((e): [number, number] => [e.start, e.end]),
    ];
    const L = (date: string, time: string): number => {
      const [h, m] = time.split(':').map(Number);
      return localToUtc(st.timeZone, date, h! * 60 + m!);
    };
    for (let date = plusDays(localDate(from, st.timeZone), -1); date <= plusDays(localDate(to, st.timeZone), 1); date = plusDays(date, 1)) {
      const weekday = isoWeekday(date);
      const cap = st.maxBookingsPerDay;
      if (cap !== null && cap !== undefined && mine.filter((b) => localDate(b.startsAt, st.timeZone) === date).length >= cap) continue;
      // A break whose ends fall together (across a spring-forward gap) takes no time.
      const breaks = (st.breaks ?? [])
        .filter((b) => !b.weekdays || b.weekdays.includes(weekday))
        .map((b) => [L(date, b.start), L(date, b.end)] as const)
        .filter(([bs, be]) => be > bs);
      const ranges = st.dateOverrides?.[date] ?? st.weeklyHours[weekday] ?? [];
      for (const [i, range] of ranges.entries()) {
        const anchor = L(date, range.start);
        // An interval pushed into the next by a spring-forward gap ends where the next begins.
        const next = ranges[i + 1];
        const end = next ? Math.min(L(date, range.end), L(date, next.start)) : L(date, range.end);
        for (let s = anchor; s + d <= end; s += step) {
          if (s < from || s >= to) continue;
          if (s < input.now + input.policy.minNoticeMin * MIN || s > input.now + input.policy.horizonDays * DAY) continue;
          if (breaks.some(([bs, be]) => overlap(bs, be, s, s + d))) continue;
          if (busy.some(([bs, be]) => overlap(bs, be, s - before, s + d + after))) continue;
          if (!roomsFree(s)) continue;
          out.push(`${s} ${st.id}`);
        }
      }
    }
  }
  return [...new Set(out)].sort();
}

const CHANGES = SCENARIOS.flatMap((s) => (s.change ? [{ zone: s.zone, date: s.change, instant: changeInstant(s.zone, s.change) }] : []));

/** The instant the zone's offset changes on that local date. */
function changeInstant(zone: string, date: string): number {
  const z = IANAZone.create(zone);
  let t = utcMidnight(date) - DAY;
  while (z.offset(t) === z.offset(t + 15 * MIN)) t += 15 * MIN;
  return t + 15 * MIN;
}

describe('findFreeSlots properties', () => {
  it('returns exactly the (start, staff) pairs a brute-force check allows, DST days included', () => {
    // What the runs reached, so a generator that drifts away from DST days, or from
    // producing slots at all, fails loudly instead of passing on empty results.
    const reached = { runs: 0, withSlots: 0, changeDays: new Set<string>(), acrossChange: 0 };
    fc.assert(
      fc.property(inputArb, (input) => {
        const from = input.now - DAY;
        const to = input.now + 5 * DAY;
        const slots = findFreeSlots(input, { from, to, labelZone: 'UTC' });
        const pairs = slots.flatMap((s) => s.staffIds.map((id) => `${s.startsAt} ${id}`)).sort();
        expect(pairs).toEqual(oracle(input, from, to));
        reached.runs += 1;
        if (slots.length > 0) reached.withSlots += 1;
        for (const s of slots) {
          for (const c of CHANGES) {
            if (s.staffIds.some((id) => input.staff.find((st) => st.id === id)?.timeZone === c.zone) && localDate(s.startsAt, c.zone) === c.date) {
              reached.changeDays.add(`${c.zone} ${c.date}`);
              if (s.startsAt < c.instant && c.instant < s.endsAt) reached.acrossChange += 1;
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(reached.withSlots / reached.runs).toBeGreaterThan(0.5);
    expect([...reached.changeDays].sort()).toEqual(CHANGES.map((c) => `${c.zone} ${c.date}`).sort());
    expect(reached.acrossChange).toBeGreaterThan(0);
    // 300 brute-force runs take a few seconds alone and more on a busy CI machine: a
    // generous limit, so only a hang fails it (speed is the benchmarks' business).
  }, 60_000);

  it('is sorted, respects notice and horizon, and no slot touches busy time', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const slots = findFreeSlots(input, { from: input.now - DAY, to: input.now + 8 * DAY, labelZone: 'Europe/Kyiv' });
        const d = input.service.durationMin * MIN;
        const before = input.service.bufferBeforeMin * MIN;
        const after = input.service.bufferAfterMin * MIN;
        const busyOf = new Map(
          input.staff.map((st) => [
            st.id,
            [
              ...input.bookings.filter((b) => b.staffId === st.id && isActiveBooking(b, input.now)).map((b) => [b.startsAt - b.bufferBeforeMin * MIN, b.endsAt + b.bufferAfterMin * MIN] as const),
              ...(st.timeOff ?? []).map((t) => [t.start, t.end] as const),
              ...(input.externalBusy ?? []).filter((e) => e.staffId === st.id).map((e) => [e.start, e.end] as const),
            ],
          ]),
        );
        const problems: string[] = [];
        slots.forEach((s, i) => {
          if (i > 0 && s.startsAt <= slots[i - 1]!.startsAt) problems.push(`${s.startsAt}: out of order`);
          if (s.endsAt - s.startsAt !== d) problems.push(`${s.startsAt}: wrong length`);
          if (s.startsAt < input.now + input.policy.minNoticeMin * MIN) problems.push(`${s.startsAt}: inside the notice`);
          if (s.startsAt > input.now + input.policy.horizonDays * DAY) problems.push(`${s.startsAt}: beyond the horizon`);
          if (!s.staffIds.includes(s.assignedStaffId)) problems.push(`${s.startsAt}: assigned to someone who cannot take it`);
          for (const id of s.staffIds) {
            for (const [bs, be] of busyOf.get(id) ?? []) if (overlap(bs, be, s.startsAt - before, s.endsAt + after)) problems.push(`${s.startsAt} ${id}: busy ${bs}–${be}`);
          }
        });
        expect(problems).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic and independent of input order', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const range = { from: input.now, to: input.now + 6 * DAY, labelZone: 'America/New_York' };
        const a = findFreeSlots(input, range);
        const b = findFreeSlots(
          { ...input, staff: [...input.staff].reverse(), bookings: [...input.bookings].reverse(), resources: [...(input.resources ?? [])].reverse(), externalBusy: [...(input.externalBusy ?? [])].reverse() },
          range,
        );
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same slots for bookings sorted by start (the database order) and shuffled', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.nat(), { maxLength: 15 }), (input, keys) => {
        const range = { from: input.now - DAY, to: input.now + 6 * DAY, labelZone: 'Australia/Lord_Howe' };
        const sorted = [...input.bookings].sort((x, y) => x.startsAt - y.startsAt);
        const shuffled = input.bookings.map((b, i) => ({ b, key: keys[i] ?? i })).sort((x, y) => x.key - y.key).map((x) => x.b);
        const a = findFreeSlots({ ...input, bookings: sorted }, range);
        expect(findFreeSlots({ ...input, bookings: shuffled }, range)).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
