import type { BookingStatus } from './booking-status.ts';
import { MINUTE_MS } from './zone-clock.ts';

/**
 * An existing booking as the slot engine sees it. Its blocked time is
 * `[startsAt - bufferBeforeMin, endsAt + bufferAfterMin)` for its staff member and for
 * each resource it uses, while it is active (see `isActiveBooking`).
 */
export interface BookedTime {
  readonly id: string;
  readonly serviceId: string;
  readonly staffId: string | null;
  readonly resourceIds: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly bufferBeforeMin: number;
  readonly bufferAfterMin: number;
  readonly status: BookingStatus;
  readonly holdExpiresAt?: number | null;
  /** Seats taken in a group session (default 1). */
  readonly seats?: number;
}

/** Time a staff member is busy elsewhere (e.g. a synced external calendar event). */
export interface ExternalBusy {
  readonly staffId: string;
  readonly start: number;
  readonly end: number;
}

/** Start of a booking's blocked time (buffer included). */
export function blockedFrom(b: BookedTime): number {
  return b.startsAt - b.bufferBeforeMin * MINUTE_MS;
}

/** End of a booking's blocked time (buffer included). */
export function blockedUntil(b: BookedTime): number {
  return b.endsAt + b.bufferAfterMin * MINUTE_MS;
}

/** Where a new booking goes: its staff member, its resource (if any) and its blocked time. */
export interface PlacedTime {
  readonly staffId: string;
  readonly resourceId: string | null;
  readonly blockedFrom: number;
  readonly blockedUntil: number;
}

/**
 * True when a hold that lapsed by `now` still stands in a placement's way: the same
 * staff member's or resource's, overlapping its blocked time. The slot engine treats
 * such a hold as free; the database's constraint does not until it is released.
 */
export function lapsedHoldInTheWay(bookings: readonly BookedTime[], placed: PlacedTime, now: number): boolean {
  return bookings.some(
    (b) =>
      b.status === 'held' &&
      b.holdExpiresAt !== undefined &&
      b.holdExpiresAt !== null &&
      b.holdExpiresAt <= now &&
      (b.staffId === placed.staffId || (placed.resourceId !== null && b.resourceIds.includes(placed.resourceId))) &&
      blockedFrom(b) < placed.blockedUntil &&
      blockedUntil(b) > placed.blockedFrom,
  );
}
