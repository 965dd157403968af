/** Every status a booking can have; the database stores exactly these strings. */
export const BOOKING_STATUSES = ['held', 'pending', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;

/** A booking's status. */
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses that block time (a held one only until its hold expires). */
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['held', 'pending', 'confirmed'];

/** The minimum a status check needs to know about a booking. */
export interface BookingActivity {
  readonly status: BookingStatus;
  /** When a `held` booking's hold lapses (epoch ms); ignored for other statuses. */
  readonly holdExpiresAt?: number | null;
}

/**
 * True when the booking blocks its time at `now`: pending or confirmed, or held with a
 * hold that has not yet expired (`now < holdExpiresAt`; a held booking without an
 * expiry counts as active).
 */
export function isActiveBooking(b: BookingActivity, now: number): boolean {
  switch (b.status) {
    case 'pending':
    case 'confirmed':
      return true;
    case 'held':
      return b.holdExpiresAt === undefined || b.holdExpiresAt === null || now < b.holdExpiresAt;
    default:
      return false;
  }
}

/** Type guard for strings read from storage or input. */
export function isBookingStatus(value: string): value is BookingStatus {
  return (BOOKING_STATUSES as readonly string[]).includes(value);
}
