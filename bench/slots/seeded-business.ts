import { createZoneClock, type AvailabilityInput, type BookedTime, type Resource, type StaffSchedule, type Weekday } from '../../src/domain/index.ts';

/** mulberry32: a tiny deterministic PRNG, so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIN = 60_000;
const DAY = 86_400_000;

/** Options for {@link seededBusiness}. */
export interface BusinessShape {
  readonly staffCount: number;
  readonly bookingCount: number;
  readonly bookingDays: number;
  readonly zone: string;
  /** Local midnight (UTC ms) of the first booking day; also `now` at 06:00 local. */
  readonly firstDayUtcMidnight: number;
  readonly withResource: boolean;
}

/**
 * A salon: staff work 09:00–18:00 (half of them 10:00–19:00) with a 13:00–14:00 break
 * and one weekday off each; bookings (20/30/45 min, 0–10 min buffers) fill their days
 * back to back with random gaps. About 3% are cancelled and 2% are held (half of them
 * with an expired hold). With `withResource`, 6 rooms of capacity 2 exist and every
 * fifth booking uses one.
 */
export function seededBusiness(shape: BusinessShape, seed = 42): Omit<AvailabilityInput, 'service' | 'policy' | 'now'> {
  const rnd = seededRandom(seed);
  const staff: StaffSchedule[] = [];
  for (let k = 0; k < shape.staffCount; k += 1) {
    const late = k % 2 === 1;
    const hours = [{ start: late ? '10:00' : '09:00', end: late ? '19:00' : '18:00' }];
    const weeklyHours: Partial<Record<Weekday, typeof hours>> = {};
    for (let d = 1; d <= 7; d += 1) if (d !== (k % 7) + 1) weeklyHours[d as Weekday] = hours;
    staff.push({
      id: `staff-${String(k).padStart(2, '0')}`,
      timeZone: shape.zone,
      weeklyHours,
      breaks: [{ start: '13:00', end: '14:00' }],
      timeOff: k === 3 ? [{ start: shape.firstDayUtcMidnight + 10 * DAY, end: shape.firstDayUtcMidnight + 13 * DAY }] : [],
      maxBookingsPerDay: k % 5 === 0 ? 9 : null,
    });
  }
  const resources: Resource[] = [];
  if (shape.withResource) {
    for (let r = 0; r < 6; r += 1) resources.push({ id: `room-${r}`, kind: 'room', capacity: 2, status: 'active' });
  }
  // Fill each working staff-day in order until exactly bookingCount bookings exist.
  const clock = createZoneClock(shape.zone);
  const firstDay = clock.epochDayOf(shape.firstDayUtcMidnight);
  const perDay = Math.ceil(shape.bookingCount / (shape.staffCount * shape.bookingDays * (6 / 7)));
  const bookings: BookedTime[] = [];
  for (let day = 0; day < shape.bookingDays && bookings.length < shape.bookingCount; day += 1) {
    for (let k = 0; k < shape.staffCount && bookings.length < shape.bookingCount; k += 1) {
      if (day % 7 === k % 7) continue; // first day is a Monday: weekday (day % 7) + 1
      const endMin = k % 2 === 1 ? 19 * 60 : 18 * 60;
      let minute = endMin - 9 * 60 + Math.floor(rnd() * 3) * 10;
      for (let n = 0; n < perDay && bookings.length < shape.bookingCount; n += 1) {
        const duration = [20, 30, 45][Math.floor(rnd() * 3)] as number;
        const after = [0, 5, 10][Math.floor(rnd() * 3)] as number;
        if (minute < 13 * 60 && minute + duration + after > 13 * 60) minute = 14 * 60;
        if (minute + duration > endMin) break;
        const startsAt = clock.toInstant(firstDay + day, minute);
        const roll = rnd();
        const i = bookings.length;
        bookings.push({
          id: `b-${i}`,
          serviceId: `svc-${i % 4}`,
          staffId: staff[k]?.id ?? null,
          resourceIds: shape.withResource && i % 5 === 0 ? [`room-${i % 6}`] : [],
          startsAt,
          endsAt: startsAt + duration * MIN,
          bufferBeforeMin: 0,
          bufferAfterMin: after,
          status: roll < 0.03 ? 'cancelled' : roll < 0.05 ? 'held' : 'confirmed',
          holdExpiresAt: roll >= 0.03 && roll < 0.04 ? startsAt - 2 * DAY : roll < 0.05 ? startsAt + DAY : null,
        });
        minute += duration + after + (rnd() < 0.3 ? 10 : 0);
      }
    }
  }
  bookings.sort((a, b) => a.startsAt - b.startsAt);
  return { staff, resources, bookings, externalBusy: [] };
}
