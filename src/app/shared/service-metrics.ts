import type { DomainErrorCode } from '../../domain/domain-error.ts';

/**
 * How a booking-creating request ended: `held` (a chat or page held a slot), `created`
 * (the business or the API booked it outright), `replayed` (an idempotency key returned
 * the first attempt's booking), an expected outcome by its domain code (`slot_taken`…),
 * or `failed` (anything unexpected).
 */
export type BookingOutcome = 'held' | 'created' | 'replayed' | DomainErrorCode | 'failed';

/** How one chat update ended in the engine. */
export type ChatUpdateOutcome = 'handled' | 'duplicate' | 'failed';

/** Where an unexpected error was caught: the HTTP edge, or a chat channel's boundary. */
export type ErrorBoundary = 'http' | 'telegram' | 'whatsapp' | 'twilio' | 'webchat';

/** A provider's webhook whose request was refused (a forged, missing or stale signature or secret). */
export type WebhookSource = 'telegram' | 'twilio' | 'stripe' | 'email' | 'other';

/**
 * What the service counts for its operators — the port use cases, the engine and the
 * edges report through. The adapter (`src/admin/metrics/`) keeps Prometheus counters;
 * `src/app` never imports a metrics library. Every method is cheap and never throws.
 */
export interface ServiceMetrics {
  bookingOutcome(outcome: BookingOutcome): void;
  /** One chat update went through the engine on `channel` in `seconds`. */
  chatUpdate(channel: string, outcome: ChatUpdateOutcome, seconds: number): void;
  webhookRejected(source: WebhookSource): void;
  error(boundary: ErrorBoundary): void;
}

/** Counts nothing: the default where no metrics are wired (tests of other things, CLIs). */
export const NO_METRICS: ServiceMetrics = {
  bookingOutcome: () => undefined,
  chatUpdate: () => undefined,
  webhookRejected: () => undefined,
  error: () => undefined,
};

/**
 * The backlog the workers leave, read on each scrape: outbox messages not yet fanned out
 * and deliveries not yet sent, how old the oldest of them is, and how overdue the oldest
 * due, unlocked job is (0 when none).
 */
export interface BacklogReading {
  outboxPendingMessages: number;
  outboxPendingDeliveries: number;
  oldestPendingSeconds: number;
  jobLagSeconds: number;
}
