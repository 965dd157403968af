/**
 * How webhook deliveries are retried, and when a subscription is turned off.
 * A failed attempt (no 2xx within the timeout) is tried again after the next delay of
 * `backoffMs`: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h — eight attempts over about 21
 * hours; after the last the delivery is given up (`gave_up`). A subscription whose
 * deliveries are given up `disableAfterGaveUp` times in a row (no success between) is
 * disabled and the team is told: a receiver that has failed every attempt for about a
 * day, three events running.
 */
export interface WebhookRetryPolicy {
  backoffMs: readonly number[];
  disableAfterGaveUp: number;
  /** A request that takes longer fails. */
  timeoutMs: number;
}

const MINUTE = 60_000;

/** The service's policy (see {@link WebhookRetryPolicy}). */
export const DEFAULT_WEBHOOK_POLICY: WebhookRetryPolicy = {
  backoffMs: [1, 5, 15, 60, 180, 360, 720].map((m) => m * MINUTE),
  disableAfterGaveUp: 3,
  timeoutMs: 10_000,
};

/** When to try again after `attempts` failed attempts, or null: give up. */
export function nextAttemptDelay(policy: WebhookRetryPolicy, attempts: number): number | null {
  return policy.backoffMs[attempts - 1] ?? null;
}
