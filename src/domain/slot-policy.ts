import { DomainError } from './domain-error.ts';
import { DAY_MS, MINUTE_MS } from './zone-clock.ts';

/**
 * A business's booking policy as far as slots are concerned.
 * - `minNoticeMin`: a slot must start at least this many minutes after `now`;
 * - `horizonDays`: and at most `horizonDays × 24 h` after `now` (inclusive);
 * - `slotStepMin`: slot starts step by this many minutes from the start of each
 *   working interval, or by the service duration when `'duration'`.
 */
export interface SlotPolicy {
  readonly minNoticeMin: number;
  readonly horizonDays: number;
  readonly slotStepMin: number | 'duration';
}

/** A policy that cannot be applied (negative notice or horizon, step not a positive integer). */
export class InvalidPolicy extends DomainError {
  constructor(detail: string) {
    super('invalid_policy', 'errors.invalid_policy', `Invalid booking policy: ${detail}`, { detail });
  }
}

/** Earliest and latest allowed slot start (both inclusive) for `now`. */
export function bookableStartBounds(policy: SlotPolicy, now: number): { earliest: number; latest: number } {
  if (!(policy.minNoticeMin >= 0)) throw new InvalidPolicy('minimum notice');
  if (!(policy.horizonDays >= 0)) throw new InvalidPolicy('horizon');
  return { earliest: now + policy.minNoticeMin * MINUTE_MS, latest: now + policy.horizonDays * DAY_MS };
}

/** Slot step in milliseconds for a service of `durationMin` minutes. */
export function slotStepMs(policy: SlotPolicy, durationMin: number): number {
  const step = policy.slotStepMin === 'duration' ? durationMin : policy.slotStepMin;
  if (!Number.isInteger(step) || step <= 0) throw new InvalidPolicy('slot step');
  return step * MINUTE_MS;
}
