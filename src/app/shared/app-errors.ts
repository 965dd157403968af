import { DomainError, type FreeSlot, type SlotRejection } from '../../domain/index.ts';

/** The thing asked for does not exist in this business (or belongs to another one). */
export class NotFound extends DomainError {
  constructor(what: string) {
    super('not_found', 'errors.not_found', `${what} not found`, { what });
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

/** The promo code is unknown, inactive or does not apply. */
export class PromoNotApplicable extends DomainError {
  readonly reason: string;

  constructor(reason: string) {
    super('promo_not_applicable', `errors.promo.${reason}`, `The promo code cannot be applied: ${reason}`, { reason });
    this.reason = reason;
  }
}
