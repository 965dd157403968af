import type { BookingStatus } from './booking-status.ts';
import { DomainError } from './domain-error.ts';
import { MINUTE_MS } from './zone-clock.ts';

/** Who caused a change. `system` is the job runner (hold expiry and the like). */
export type Actor = 'customer' | 'business' | 'system';

/** What a pending booking waits for. */
export type AwaitingReason = 'approval' | 'payment';

/** Cutoffs (minutes before the start) inside which a customer can no longer change a booking. */
export interface ChangePolicy {
  readonly cancelCutoffMin: number;
  readonly rescheduleCutoffMin: number;
}

/** One entry of a booking's history: what it was before an event and what it became. */
export interface BookingChange {
  readonly at: number;
  readonly by: Actor;
  readonly event: BookingEvent['type'];
  readonly fromStatus: BookingStatus;
  readonly toStatus: BookingStatus;
  readonly fromStartsAt: number;
  readonly toStartsAt: number;
  readonly reason: string | null;
}

/** The lifecycle part of a booking: plain data, copied on every change. */
export interface BookingLifecycleState {
  readonly status: BookingStatus;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly holdExpiresAt: number | null;
  readonly awaiting: AwaitingReason | null;
  readonly cancelledBy: Actor | null;
  readonly cancelReason: string | null;
  readonly history: readonly BookingChange[];
}

/** Everything that can happen to a booking. */
export type BookingEvent =
  | { readonly type: 'await'; readonly by: Actor; readonly awaiting: AwaitingReason }
  | { readonly type: 'confirm'; readonly by: Actor }
  | { readonly type: 'complete'; readonly by: Actor }
  | { readonly type: 'mark_no_show'; readonly by: Actor }
  | { readonly type: 'cancel'; readonly by: Actor; readonly reason: string }
  | { readonly type: 'reschedule'; readonly by: Actor; readonly startsAt: number; readonly endsAt: number }
  | { readonly type: 'expire_hold' };

/**
 * The transition table: for each event, the statuses it may start from and the status
 * it leads to (`null` = unchanged, for reschedule).
 */
export const BOOKING_TRANSITIONS: Readonly<
  Record<BookingEvent['type'], { readonly from: readonly BookingStatus[]; readonly to: BookingStatus | null }>
> = {
  await: { from: ['held'], to: 'pending' },
  confirm: { from: ['held', 'pending'], to: 'confirmed' },
  complete: { from: ['confirmed'], to: 'completed' },
  mark_no_show: { from: ['confirmed'], to: 'no_show' },
  cancel: { from: ['held', 'pending', 'confirmed'], to: 'cancelled' },
  reschedule: { from: ['held', 'pending', 'confirmed'], to: null },
  expire_hold: { from: ['held'], to: 'cancelled' },
};

/** The event is not allowed from the booking's current status (or not yet/any more). */
export class InvalidBookingTransition extends DomainError {
  constructor(from: BookingStatus, event: BookingEvent['type'], detail = 'not allowed from this status') {
    super('invalid_booking_transition', 'errors.invalid_booking_transition', `Cannot ${event} a ${from} booking: ${detail}`, {
      from,
      event,
      detail,
    });
  }
}

/** The hold lapsed before the booking was confirmed; the slot must be chosen again. */
export class HoldExpired extends DomainError {
  constructor() {
    super('hold_expired', 'errors.hold_expired', 'The hold on this slot has expired');
  }
}

/** How long before its start a customer may be marked as arrived (they come a little early). */
export const ARRIVAL_WINDOW_MINUTES = 30;

/**
 * Attendance marked too early: arrival opens {@link ARRIVAL_WINDOW_MINUTES} before the
 * start, a no-show at the start. `allowedFrom` (epoch ms) says when it can be marked.
 */
export class TooEarlyToMark extends DomainError {
  readonly allowedFrom: number;
  constructor(event: 'complete' | 'mark_no_show', allowedFrom: number) {
    super('invalid_booking_transition', event === 'complete' ? 'errors.too_early_arrived' : 'errors.too_early_no_show', `Too early to ${event}: possible from ${new Date(allowedFrom).toISOString()}`, { event, allowedFrom });
    this.allowedFrom = allowedFrom;
  }
}

/** A customer tried to cancel or reschedule inside the policy cutoff. */
export class ChangeCutoffPassed extends DomainError {
  constructor(change: 'cancel' | 'reschedule', cutoffMin: number) {
    super('change_cutoff_passed', `errors.${change}_cutoff_passed`, `Too late to ${change}: cutoff is ${cutoffMin} min before start`, {
      change,
      cutoffMin,
    });
  }
}

/** True when `event` may be applied to a booking in `status` (ignoring time rules). */
export function canApply(status: BookingStatus, event: BookingEvent['type']): boolean {
  return BOOKING_TRANSITIONS[event].from.includes(status);
}

function holdLapsed(b: BookingLifecycleState, now: number): boolean {
  return b.status === 'held' && b.holdExpiresAt !== null && now >= b.holdExpiresAt;
}

/**
 * Applies `event` at `now` and returns the new state (the input is not modified).
 * Rules beyond the table: a lapsed hold can only expire (anything else throws
 * {@link HoldExpired}); arrival may be marked from {@link ARRIVAL_WINDOW_MINUTES} before
 * the start and a no-show from the start ({@link TooEarlyToMark} before that); a
 * customer cannot cancel or reschedule a pending/confirmed booking later than the
 * policy cutoff before its start (a hold they may always drop); the business and the
 * system are never blocked by cutoffs. Every change is appended to `history`.
 * Throws {@link InvalidBookingTransition}, {@link TooEarlyToMark}, {@link HoldExpired} or {@link ChangeCutoffPassed}.
 */
export function applyBookingEvent(
  b: BookingLifecycleState,
  event: BookingEvent,
  now: number,
  policy: ChangePolicy,
): BookingLifecycleState {
  if (!canApply(b.status, event.type)) throw new InvalidBookingTransition(b.status, event.type);
  const by: Actor = event.type === 'expire_hold' ? 'system' : event.by;
  if (event.type === 'expire_hold') {
    if (!holdLapsed(b, now)) throw new InvalidBookingTransition(b.status, event.type, 'hold has not expired');
  } else if (holdLapsed(b, now) && !(event.type === 'cancel')) {
    throw new HoldExpired();
  }
  if (event.type === 'complete' || event.type === 'mark_no_show') {
    const allowedFrom = event.type === 'complete' ? b.startsAt - ARRIVAL_WINDOW_MINUTES * 60_000 : b.startsAt;
    if (now < allowedFrom) throw new TooEarlyToMark(event.type, allowedFrom);
  }
  if (by === 'customer' && (event.type === 'cancel' || event.type === 'reschedule')) {
    const late = customerCutoffPassed(b, event.type, now, policy);
    if (late) throw late;
  }
  const to = BOOKING_TRANSITIONS[event.type].to ?? b.status;
  let next: BookingLifecycleState = { ...b, status: to };
  let reason: string | null = null;
  switch (event.type) {
    case 'await':
      next = { ...next, awaiting: event.awaiting };
      break;
    case 'confirm':
      next = { ...next, awaiting: null, holdExpiresAt: null };
      break;
    case 'cancel':
      reason = event.reason;
      next = { ...next, awaiting: null, cancelledBy: by, cancelReason: event.reason };
      break;
    case 'expire_hold':
      reason = 'hold_expired';
      next = { ...next, cancelledBy: 'system', cancelReason: reason };
      break;
    case 'reschedule':
      if (!(event.endsAt > event.startsAt)) throw new InvalidBookingTransition(b.status, event.type, 'end must be after start');
      next = { ...next, startsAt: event.startsAt, endsAt: event.endsAt };
      break;
    default:
      break;
  }
  const change: BookingChange = {
    at: now,
    by,
    event: event.type,
    fromStatus: b.status,
    toStatus: to,
    fromStartsAt: b.startsAt,
    toStartsAt: next.startsAt,
    reason,
  };
  return { ...next, history: [...b.history, change] };
}

/**
 * Whether a customer is too late to cancel or reschedule this booking themselves: the
 * policy cutoff before its start has passed (a hold they may always drop). Returns the
 * error to show, or null. The one place this rule lives: the lifecycle enforces it, a
 * chat uses it to say so before the customer picks a new time.
 */
export function customerCutoffPassed(
  b: Pick<BookingLifecycleState, 'status' | 'startsAt'>,
  change: 'cancel' | 'reschedule',
  now: number,
  policy: ChangePolicy,
): ChangeCutoffPassed | null {
  if (b.status === 'held') return null;
  const cutoff = change === 'cancel' ? policy.cancelCutoffMin : policy.rescheduleCutoffMin;
  return now > b.startsAt - cutoff * MINUTE_MS ? new ChangeCutoffPassed(change, cutoff) : null;
}

/** A fresh hold on a slot, expiring `holdMinutes` after `now`. */
export function newHold(startsAt: number, endsAt: number, now: number, holdMinutes: number): BookingLifecycleState {
  return {
    status: 'held',
    startsAt,
    endsAt,
    holdExpiresAt: now + holdMinutes * MINUTE_MS,
    awaiting: null,
    cancelledBy: null,
    cancelReason: null,
    history: [],
  };
}
