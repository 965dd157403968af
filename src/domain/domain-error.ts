import type { FreeSlot } from './free-slots.ts';

/**
 * Every expected outcome a use case can end in, by its machine code: the domain's own
 * rules and the use cases' (not found, not your booking...). One union, so an adapter
 * that maps codes (HTTP statuses, chat replies) is checked for completeness by the
 * compiler. Words from the booking world, never from a transport.
 */
export const DOMAIN_ERROR_CODES = [
  'slot_taken',
  'slot_unavailable',
  'hold_expired',
  'change_cutoff_passed',
  'invalid_booking_transition',
  'customer_blocked',
  'not_found',
  'not_your_booking',
  'invalid_request',
  'promo_not_applicable',
  'too_many_promo_attempts',
  'too_many_holds',
  'team_chat_limit_reached',
  'holds_per_minute_reached',
  'invalid_promo_code',
  'phone_needs_verification',
  'invalid_recurrence',
  'invalid_amount',
  'invalid_schedule',
  'invalid_service',
  'invalid_slot_search',
  'invalid_time_zone',
  'invalid_deposit_rule',
  'invalid_policy',
  'booking_changed',
] as const;

/** The machine code of a {@link DomainError}. */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * An expected business outcome that stops a use case (slot taken, outside hours,
 * promo expired...). Carries a stable machine `code` for adapters (HTTP status
 * mapping, logs) and an `i18nKey` for the message a person sees. Domain errors never
 * know about HTTP or any channel.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly i18nKey: string;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(code: DomainErrorCode, i18nKey: string, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.i18nKey = i18nKey;
    this.params = params;
  }
}

/** What a taken slot blocked: a staff member's calendar or a resource's. */
export type SlotTakenBy = 'staff' | 'resource' | 'unknown';

/**
 * The requested time is no longer free: another active booking of the same staff
 * member or resource overlaps it (buffers included). The database's exclusion
 * constraint is the guarantee; this is how its violation reaches the domain.
 */
export class SlotTaken extends DomainError {
  readonly takenBy: SlotTakenBy;
  /** The next free slots to offer instead (filled in by the use case; may be empty). */
  readonly alternatives: readonly FreeSlot[];

  constructor(takenBy: SlotTakenBy = 'unknown', alternatives: readonly FreeSlot[] = []) {
    super('slot_taken', 'errors.slot_taken', 'The requested time slot is already taken');
    this.takenBy = takenBy;
    this.alternatives = alternatives;
  }
}
