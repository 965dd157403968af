import { DomainError } from './domain-error.ts';

/** Largest amount (minor units) the pricing rules accept: far above any real booking. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** An amount that is not a non-negative integer number of minor units within range. */
export class InvalidAmount extends DomainError {
  constructor(what: string, value: number) {
    super('invalid_amount', 'errors.invalid_amount', `Invalid ${what}: ${value}`, { what, value });
  }
}

/** Throws {@link InvalidAmount} unless `value` is an integer in `0..MAX_AMOUNT_MINOR`. */
export function assertMinorUnits(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT_MINOR) throw new InvalidAmount(what, value);
}

/**
 * `basisPoints`/10000 of `amountMinor`, rounded half up to a whole minor unit
 * (e.g. 15% of 333 = 49.95 → 50; 10% of 5 = 0.5 → 1; 10% of 4 = 0.4 → 0). Exact:
 * computed with integers, never with floating point.
 */
export function percentOfMinor(amountMinor: number, basisPoints: number): number {
  const scaled = BigInt(amountMinor) * BigInt(basisPoints);
  return Number((scaled * 2n + 10_000n) / 20_000n);
}
