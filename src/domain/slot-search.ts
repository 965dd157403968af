import type { AvailabilityInput } from './availability-snapshot.ts';
import { findFreeSlots, type FreeSlot } from './free-slots.ts';
import { bookableStartBounds } from './slot-policy.ts';
import { createZoneClock, formatEpochDay, parseLocalDate, DAY_MS } from './zone-clock.ts';
import { DomainError } from './domain-error.ts';

/** A malformed date or count passed to a slot search. */
export class InvalidSlotSearch extends DomainError {
  constructor(detail: string) {
    super('invalid_slot_search', 'errors.invalid_slot_search', `Invalid slot search: ${detail}`, { detail });
  }
}

/**
 * The first `count` free slots starting at or after `after` (e.g. alternatives to a
 * taken slot), searched a week at a time up to the booking horizon.
 */
export function nextFreeSlots(input: AvailabilityInput, after: number, count: number, labelZone: string): FreeSlot[] {
  if (!Number.isInteger(count) || count < 0) throw new InvalidSlotSearch('count');
  const { latest } = bookableStartBounds(input.policy, input.now);
  const found: FreeSlot[] = [];
  for (let from = after; found.length < count && from <= latest; from += 7 * DAY_MS) {
    for (const slot of findFreeSlots(input, { from, to: from + 7 * DAY_MS, labelZone })) {
      if (found.length === count) break;
      found.push(slot);
    }
  }
  return found;
}

/** One day of a date picker. */
export interface DayAvailability {
  readonly date: string;
  readonly freeSlots: number;
}

/**
 * For `days` local days from `firstDate` (`YYYY-MM-DD`) in `zone`, how many free slots
 * each has (a day is pickable when `freeSlots > 0`). Computed in one pass over the
 * whole range, not once per day.
 */
export function daysWithFreeSlots(input: AvailabilityInput, firstDate: string, days: number, zone: string): DayAvailability[] {
  const first = parseLocalDate(firstDate);
  if (first === null) throw new InvalidSlotSearch(`date ${firstDate}`);
  if (!Number.isInteger(days) || days < 0 || days > 366) throw new InvalidSlotSearch('days');
  const clock = createZoneClock(zone);
  const counts = new Map<string, number>();
  const out: DayAvailability[] = [];
  for (let d = 0; d < days; d += 1) counts.set(formatEpochDay(first + d), 0);
  if (days > 0) {
    const range = { from: clock.toInstant(first, 0), to: clock.toInstant(first + days, 0), labelZone: zone };
    for (const slot of findFreeSlots(input, range)) {
      const n = counts.get(slot.local.date);
      if (n !== undefined) counts.set(slot.local.date, n + 1);
    }
  }
  for (const [date, freeSlots] of counts) out.push({ date, freeSlots });
  return out;
}
