import type { AvailabilityInput } from './availability-snapshot.ts';
import { findFreeSlots, type FreeSlot } from './free-slots.ts';
import { createZoneClock, MINUTE_MS } from './zone-clock.ts';

/** How far {@link nearestFreeTimes} looks around a time that cannot be booked. */
export interface NearbySearch {
  /** How many times to offer at most. */
  readonly count: number;
  /** On the same local day, starts at most this far before or after. */
  readonly sameDayMinutes: number;
  /** Then the following local days, one time each (the closest to the wanted wall time). */
  readonly laterDays: number;
}

const DEFAULT_SEARCH: NearbySearch = { count: 3, sameDayMinutes: 120, laterDays: 6 };

/**
 * Free starts near `wanted` for the person who wanted it (a visit of a weekly series that
 * is taken): first the same local day within `sameDayMinutes`, nearest first (an earlier
 * one wins a tie), then one start on each following day, the closest to the wanted wall
 * time — so "Tuesday 12:00 or Wednesday 10:00" rather than every free time of the week.
 * `input` must cover `wanted`'s day up to `laterDays` after it; what it covers decides
 * whose times these are (one specialist's, for a series). Pure: same input, same answer.
 */
export function nearestFreeTimes(input: AvailabilityInput, wanted: number, zone: string, search: NearbySearch = DEFAULT_SEARCH): FreeSlot[] {
  const clock = createZoneClock(zone);
  const day = clock.epochDayOf(wanted);
  const minuteOfDay = Math.round((wanted - clock.toInstant(day, 0)) / MINUTE_MS);
  const window = search.sameDayMinutes * MINUTE_MS;
  const from = Math.max(clock.toInstant(day, 0), wanted - window);
  const to = Math.min(clock.toInstant(day + 1, 0), wanted + window + 1);
  const found = byDistance(findFreeSlots(input, { from, to, labelZone: zone }).filter((s) => s.startsAt !== wanted), wanted).slice(0, search.count);
  for (let d = 1; d <= search.laterDays && found.length < search.count; d += 1) {
    const slots = findFreeSlots(input, { from: clock.toInstant(day + d, 0), to: clock.toInstant(day + d + 1, 0), labelZone: zone });
    const closest = byDistance(slots, clock.toInstant(day + d, minuteOfDay))[0];
    if (closest) found.push(closest);
  }
  return found;
}

function byDistance(slots: FreeSlot[], wanted: number): FreeSlot[] {
  return [...slots].sort((a, b) => Math.abs(a.startsAt - wanted) - Math.abs(b.startsAt - wanted) || a.startsAt - b.startsAt);
}
