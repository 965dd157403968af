import { DomainError } from './domain-error.ts';
import { assertMinorUnits, percentOfMinor } from './minor-units.ts';

/** How much a customer pays up front: nothing, a share of the total, or a fixed amount. */
export type DepositRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'percent'; readonly basisPoints: number }
  | { readonly kind: 'fixed'; readonly amountMinor: number };

/** A deposit rule with impossible numbers. */
export class InvalidDepositRule extends DomainError {
  constructor(detail: string) {
    super('invalid_deposit_rule', 'errors.invalid_deposit_rule', `Invalid deposit rule: ${detail}`, { detail });
  }
}

/**
 * The deposit due on `totalMinor` (after discounts). Percent deposits round half up to
 * a minor unit; a deposit never exceeds the total (a fixed 50.00 on a 30.00 total is
 * 30.00), and a free booking needs none.
 */
export function depositFor(totalMinor: number, rule: DepositRule): number {
  assertMinorUnits('total', totalMinor);
  switch (rule.kind) {
    case 'none':
      return 0;
    case 'percent':
      if (!(Number.isInteger(rule.basisPoints) && rule.basisPoints >= 0 && rule.basisPoints <= 10_000)) {
        throw new InvalidDepositRule('percent');
      }
      return percentOfMinor(totalMinor, rule.basisPoints);
    case 'fixed':
      if (!(Number.isSafeInteger(rule.amountMinor) && rule.amountMinor >= 0)) throw new InvalidDepositRule('amount');
      return Math.min(rule.amountMinor, totalMinor);
  }
}
