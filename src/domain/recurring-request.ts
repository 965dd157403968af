import type { AvailabilityInput } from './availability-snapshot.ts';
import { DomainError } from './domain-error.ts';
import { checkSlot, type SlotCheck } from './slot-check.ts';
import { createZoneClock, DAY_MS, MINUTE_MS, type LocalLabel } from './zone-clock.ts';

/** A repeating booking request: same local weekday and time every 1 or 2 weeks, `count` times. */
export interface RecurringRequest {
  readonly firstStartsAt: number;
  readonly everyWeeks: 1 | 2;
  readonly count: number;
  /** Zone whose wall clock stays fixed across occurrences (the business's). */
  readonly zone: string;
}

/** One occurrence of a {@link RecurringRequest} and whether it can be booked. */
export interface RecurringOccurrence {
  readonly index: number;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly local: LocalLabel;
  readonly check: SlotCheck;
}

/** A recurring request that cannot be expanded (count outside 1..104). */
export class InvalidRecurrence extends DomainError {
  constructor(detail: string) {
    super('invalid_recurrence', 'errors.invalid_recurrence', `Invalid recurring request: ${detail}`, { detail });
  }
}

/**
 * Expands the request and checks each occurrence with `checkSlot`. Occurrences keep
 * the first one's local wall time, so they move in UTC across DST changes (a 10:00
 * lesson stays at 10:00); a wall time that falls in a DST gap follows the zone-clock
 * rule (moved forward by the gap). Occurrences are independent: the caller books
 * the free ones and reports the rest as conflicts.
 */
export function checkRecurring(input: AvailabilityInput, request: RecurringRequest): RecurringOccurrence[] {
  const clock = createZoneClock(request.zone);
  return recurringStarts(request).map((startsAt, index) => ({
    index,
    startsAt,
    endsAt: startsAt + input.service.durationMin * MINUTE_MS,
    local: clock.label(startsAt),
    check: checkSlot(input, startsAt),
  }));
}

/**
 * The start of each occurrence of the request, the first one included: the times
 * {@link checkRecurring} checks, for a caller that places them itself (booking a
 * series checks each inside its own transaction).
 */
export function recurringStarts(request: RecurringRequest): number[] {
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > 104) {
    throw new InvalidRecurrence('count');
  }
  const clock = createZoneClock(request.zone);
  const firstDay = clock.epochDayOf(request.firstStartsAt);
  const local = request.firstStartsAt + clock.offsetAt(request.firstStartsAt);
  const minuteOfDay = Math.floor((local - firstDay * DAY_MS) / MINUTE_MS);
  const out: number[] = [];
  for (let i = 0; i < request.count; i += 1) {
    out.push(i === 0 ? request.firstStartsAt : clock.toInstant(firstDay + i * 7 * request.everyWeeks, minuteOfDay));
  }
  return out;
}
