import { DomainError, type FreeSlot, type SlotRejection } from '../../domain/index.ts';

/** The thing asked for does not exist in this business (or belongs to another one). */
export class NotFound extends DomainError {
  constructor(what: string) {
    super('not_found', 'errors.not_found', `${what} not found`, { what });
  }
}

/**
 * The booking changed since the person acting last saw it (another tab, a colleague, the
 * customer in their chat): nothing is done, and they see it as it is now.
 */
export class BookingChanged extends DomainError {
  constructor() {
    super('booking_changed', 'errors.booking_changed', 'The booking changed since it was shown');
  }
}

/** The customer is on the business's block list. */
export class CustomerBlocked extends DomainError {
  constructor() {
    super('customer_blocked', 'errors.customer_blocked', 'This customer cannot book with this business');
  }
}

/** A customer tried to act on a booking that is not theirs. */
export class NotYourBooking extends DomainError {
  constructor() {
    super('not_your_booking', 'errors.not_your_booking', 'This booking belongs to someone else');
  }
}

/**
 * The slot cannot be booked for a reason other than another booking (outside working
 * hours, too soon, beyond the horizon, no specialist does it). Carries alternatives.
 */
export class SlotUnavailable extends DomainError {
  readonly reason: SlotRejection;
  readonly alternatives: readonly FreeSlot[];

  constructor(reason: SlotRejection, alternatives: readonly FreeSlot[] = []) {
    super('slot_unavailable', `errors.slot_unavailable.${reason}`, `The requested time cannot be booked: ${reason}`, { reason });
    this.reason = reason;
    this.alternatives = alternatives;
  }
}

/** Input that passed the schema but makes no sense for this business (a past date, an unknown code). */
export class InvalidRequest extends DomainError {
  constructor(detail: string, i18nKey = 'errors.invalid_request') {
    super('invalid_request', i18nKey, detail, { detail });
  }
}

/**
 * The promo code is unknown, inactive or does not apply. The business is told why
 * (`reason`); a customer always gets `not_accepted`, one answer for a code that does not
 * exist and one that exists but does not apply, so codes cannot be found by guessing.
 */
export class PromoNotApplicable extends DomainError {
  readonly reason: string;

  constructor(reason: string) {
    super('promo_not_applicable', `errors.promo.${reason}`, `The promo code cannot be applied: ${reason}`, { reason });
    this.reason = reason;
  }

  /** What a customer is told about any code that does not apply: no reason, nothing to tell codes apart. */
  static forCustomer(): PromoNotApplicable {
    return new PromoNotApplicable('not_accepted');
  }
}

/** A customer typed too many wrong promo codes lately; further codes are refused unchecked for a while. */
export class TooManyPromoAttempts extends DomainError {
  constructor(minutes: number) {
    super('too_many_promo_attempts', 'errors.promo.too_many_attempts', `Too many wrong promo codes; try again in ${minutes} minutes`, { minutes });
  }
}

/**
 * A customer (and so a phone number: a number lives on one customer card per business)
 * already holds as many slots as one person may at once.
 */
export class TooManyHolds extends DomainError {
  constructor(limit: number) {
    super('too_many_holds', 'errors.too_many_holds', `This customer already holds ${limit} slots`, { limit });
  }
}

/** The business already has as many team chats as it may (a small list the team can see). */
export class TeamChatLimitReached extends DomainError {
  constructor(limit: number) {
    super('team_chat_limit_reached', 'errors.team_chat_limit_reached', `A business has at most ${limit} team chats`, { limit });
  }
}

/** More slots were held in the business in the last minute than it takes (a flood of accounts holding times). */
export class HoldsPerMinuteReached extends DomainError {
  constructor(limit: number) {
    super('holds_per_minute_reached', 'errors.holds_per_minute_reached', `More than ${limit} holds in a minute`, { limit });
  }
}
