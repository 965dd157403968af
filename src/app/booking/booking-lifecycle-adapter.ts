import { applyBookingEvent, type BookingChange, type BookingEvent, type BookingLifecycleState } from '../../domain/index.ts';
import type { Booking, Business } from '../../db/entities/index.ts';

/** The lifecycle part of a booking row, as the domain sees it. */
export function lifecycleOf(b: Booking): BookingLifecycleState {
  return {
    status: b.status,
    startsAt: b.startsAt.getTime(),
    endsAt: b.endsAt.getTime(),
    holdExpiresAt: b.holdExpiresAt?.getTime() ?? null,
    awaiting: b.awaiting ?? null,
    cancelledBy: (b.cancelledBy as BookingLifecycleState['cancelledBy']) ?? null,
    cancelReason: b.cancelReason ?? null,
    history: [],
  };
}

/**
 * Applies a lifecycle event to a booking row through the domain's transition table
 * and cutoff rules (throwing its typed errors), and writes the outcome back. A new
 * time keeps the booking's buffers around it. Returns the change for the audit log.
 */
export function applyToBooking(b: Booking, event: BookingEvent, now: number, business: Business): BookingChange {
  return writeLifecycle(b, nextLifecycle(b, event, now, business));
}

/**
 * What a lifecycle event would make of a booking, without touching the row: the
 * domain's rules run (and throw) now, the write can wait ({@link writeLifecycle}).
 */
export function nextLifecycle(b: Booking, event: BookingEvent, now: number, business: Business): BookingLifecycleState {
  return applyBookingEvent(lifecycleOf(b), event, now, {
    cancelCutoffMin: business.cancelCutoffMinutes,
    rescheduleCutoffMin: business.rescheduleCutoffMinutes,
  });
}

/** Writes a lifecycle outcome back to the row; returns the change for the audit log. */
export function writeLifecycle(b: Booking, next: BookingLifecycleState): BookingChange {
  const before = b.startsAt.getTime() - b.blockedFrom.getTime();
  const after = b.blockedUntil.getTime() - b.endsAt.getTime();
  b.status = next.status;
  b.awaiting = next.awaiting;
  b.holdExpiresAt = next.holdExpiresAt === null ? null : new Date(next.holdExpiresAt);
  b.cancelledBy = next.cancelledBy;
  b.cancelReason = next.cancelReason;
  if (next.startsAt !== b.startsAt.getTime() || next.endsAt !== b.endsAt.getTime()) {
    b.startsAt = new Date(next.startsAt);
    b.endsAt = new Date(next.endsAt);
    b.blockedFrom = new Date(next.startsAt - before);
    b.blockedUntil = new Date(next.endsAt + after);
  }
  const change = next.history.at(-1);
  if (!change) throw new Error('lifecycle change without history entry');
  return change;
}
