// Slot engine benchmark: `node bench/slots/run.ts` (also run by `npm run bench`).
// 20 staff, 10,000 existing bookings over 60 days, "any specialist", 30 days of slots.
// Reports the median of many runs next to the floor: one plain scan of the same inputs.
import { findFreeSlots, isActiveBooking, type AvailabilityInput, type BookableService } from '../../src/domain/index.ts';
import { record } from '../support/bench-results.ts';
import { seededBusiness } from './seeded-business.ts';

const DAY = 86_400_000;
const ZONE = 'Europe/Kyiv';
const FIRST_DAY = Date.UTC(2026, 2, 9) - 2 * 3_600_000; // 2026-03-09 00:00 Kyiv; 30 days span the DST change
const NOW = FIRST_DAY + 6 * 3_600_000;
const WARMUP = 30;
const RUNS = 300;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

function time(fn: () => number): { median: number; p95: number; result: number } {
  let result = 0;
  for (let i = 0; i < WARMUP; i += 1) result = fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  return { median: median(samples), p95: percentile(samples, 0.95), result };
}

/** The floor: read every input field the engine reads, once, doing nothing else. */
function scanOnce(input: AvailabilityInput): number {
  let acc = 0;
  for (const b of input.bookings) {
    acc += (b.startsAt - b.endsAt + b.bufferBeforeMin + b.bufferAfterMin + b.resourceIds.length) & 1023;
    acc += b.status.length + (b.staffId === null ? 0 : b.staffId.length) + (b.holdExpiresAt ?? 0) * 0;
  }
  for (const s of input.staff) {
    for (const d of Object.values(s.weeklyHours)) acc += d?.length ?? 0;
    acc += (s.breaks?.length ?? 0) + (s.timeOff?.length ?? 0);
  }
  for (const r of input.resources ?? []) acc += r.capacity;
  return acc;
}

/**
 * A second reference: the least any engine must do with the bookings before it can
 * answer anything — drop the inactive ones and those out of the query's reach, and
 * file the rest under their staff member. No working hours, no gaps, no slots.
 */
function bucketOnce(input: AvailabilityInput, from: number, to: number): number {
  const byStaff = new Map<string, number[]>();
  for (const s of input.staff) byStaff.set(s.id, []);
  for (const b of input.bookings) {
    const blockedFrom = b.startsAt - b.bufferBeforeMin * 60_000;
    const blockedUntil = b.endsAt + b.bufferAfterMin * 60_000;
    if (blockedUntil <= from || blockedFrom >= to || !isActiveBooking(b, input.now)) continue;
    const spans = b.staffId === null ? undefined : byStaff.get(b.staffId);
    if (spans !== undefined) spans.push(blockedFrom, blockedUntil);
  }
  return byStaff.size;
}

const service: BookableService = { id: 'svc-cut', durationMin: 45, bufferBeforeMin: 0, bufferAfterMin: 10 };
const rows: string[][] = [];
let worstRatio = 0;
for (const withResource of [false, true]) {
  const data = seededBusiness({
    staffCount: 20,
    bookingCount: 10_000,
    bookingDays: 60,
    zone: ZONE,
    firstDayUtcMidnight: FIRST_DAY,
    withResource,
  });
  const input: AvailabilityInput = {
    ...data,
    service: withResource ? { ...service, requiredResourceKinds: ['room'] } : service,
    policy: { minNoticeMin: 120, horizonDays: 60, slotStepMin: 15 },
    now: NOW,
  };
  const range = { from: NOW, to: NOW + 30 * DAY, labelZone: ZONE };
  const query = time(() => findFreeSlots(input, range).length);
  const floor = time(() => scanOnce(input));
  const bucketing = time(() => bucketOnce(input, range.from, range.to));
  const ratio = query.median / floor.median;
  worstRatio = Math.max(worstRatio, ratio);
  record({
    bench: 'slots',
    figure: `${withResource ? 'any specialist + room' : 'any specialist'}, 20 staff, 30 days: median`,
    value: query.median,
    unit: 'ms',
    reference: { name: 'one scan of the inputs (floor), median', value: floor.median, unit: 'ms' },
    ratio,
    target: 'median ≤ 20 ms; ≤ 5× the floor',
    met: query.median <= 20 && ratio <= 5,
  });
  rows.push([
    withResource ? 'any specialist + room (6×cap 2)' : 'any specialist',
    String(input.bookings.length),
    String(query.result),
    query.median.toFixed(3),
    query.p95.toFixed(3),
    floor.median.toFixed(4),
    ratio.toFixed(1) + '×',
    bucketing.median.toFixed(4),
    (bucketing.median / floor.median).toFixed(1) + '×',
    (query.median / bucketing.median).toFixed(1) + '×',
  ]);
}

const header = ['scenario (20 staff, 30 days)', 'bookings', 'slots', 'median ms', 'p95 ms', 'floor ms', 'ratio', 'bucketing ms', 'bucketing/floor', 'engine/bucketing'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
console.log(`bench/slots — Node ${process.version}, ${RUNS} runs after ${WARMUP} warm-up, zone ${ZONE}`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
console.log('bucketing: the bookings filed by staff member (active and in reach), nothing else — the least any engine does before it answers');
console.log('targets: median ≤ 20 ms; ratio to floor ≤ 5×' + (worstRatio > 5 ? ' (ratio target NOT met)' : ''));
