import { DomainError } from '../../domain/domain-error.ts';

/**
 * A value that passed the schema but this business refuses: a price finer than its
 * currency, a resource kind it has none of, a promo code it already has. Names the
 * field, so a form shows the message next to it; `reason` is an i18n key under
 * `panel.errors`.
 */
export class InvalidField extends DomainError {
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super('invalid_request', `panel.errors.${reason}`, `Invalid ${field}: ${reason}`, { field, reason });
    this.field = field;
    this.reason = reason;
  }
}
