import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BacklogReading, ServiceMetrics } from '../../app/shared/service-metrics.ts';

/** Options of {@link createPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Reads the workers' backlog; asked once per scrape (its three gauges share the one reading). */
  backlog?: () => Promise<BacklogReading>;
  /** Also Node's own metrics (memory, event loop lag, GC), prefixed `bookchat_`. Off in tests. */
  processMetrics?: boolean;
}

/** A {@link ServiceMetrics} kept in a Prometheus registry of its own (not prom-client's global one). */
export interface PrometheusMetrics {
  registry: Registry;
  metrics: ServiceMetrics;
}

// Chat updates take milliseconds to a few seconds (a slow database, a payment link).
const UPDATE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's metrics, one registry per app so tests may build several:
 * `bookchat_chat_updates_total{channel,outcome}`, `bookchat_chat_update_duration_seconds{channel}`,
 * `bookchat_bookings_total{outcome}`, `bookchat_webhook_rejections_total{source}`,
 * `bookchat_errors_total{boundary}`, and, read on scrape, `bookchat_outbox_pending{stage}`,
 * `bookchat_outbox_oldest_pending_seconds`, `bookchat_job_lag_seconds`.
 */
export function createPrometheusMetrics(options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  const registers = [registry];
  const updates = new Counter({ name: 'bookchat_chat_updates_total', help: 'Chat updates handled by the conversation engine, by channel and outcome (handled, duplicate, failed).', labelNames: ['channel', 'outcome'] as const, registers });
  const updateSeconds = new Histogram({ name: 'bookchat_chat_update_duration_seconds', help: 'Time the conversation engine took for one chat update, by channel.', labelNames: ['channel'] as const, buckets: UPDATE_BUCKETS, registers });
  const bookings = new Counter({ name: 'bookchat_bookings_total', help: 'Booking-creating requests by outcome: held, created, replayed, an expected refusal by its code (slot_taken...), failed.', labelNames: ['outcome'] as const, registers });
  const rejections = new Counter({ name: 'bookchat_webhook_rejections_total', help: 'Provider webhook requests refused for a wrong, missing or stale signature or secret.', labelNames: ['source'] as const, registers });
  const errors = new Counter({ name: 'bookchat_errors_total', help: 'Unexpected errors caught by an error boundary: the HTTP edge (5xx) or a chat channel.', labelNames: ['boundary'] as const, registers });

  if (options.backlog) {
    const read = sharedReading(options.backlog);
    // An unreadable backlog (the database away) keeps the last values rather than failing the scrape.
    new Gauge({
      name: 'bookchat_outbox_pending',
      help: 'Outbox work not yet done: messages not yet fanned out (stage="message") and deliveries not yet sent (stage="delivery"), due or waiting for a retry.',
      labelNames: ['stage'] as const,
      registers,
      async collect() {
        const reading = await read();
        if (!reading) return;
        this.set({ stage: 'message' }, reading.outboxPendingMessages);
        this.set({ stage: 'delivery' }, reading.outboxPendingDeliveries);
      },
    });
    const gauge = (name: string, help: string, pick: (reading: BacklogReading) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const reading = await read();
          if (reading) this.set(pick(reading));
        },
      });
    gauge('bookchat_outbox_oldest_pending_seconds', 'Age of the oldest pending outbox message or delivery, in seconds (0 when none).', (r) => r.oldestPendingSeconds);
    gauge('bookchat_job_lag_seconds', 'How overdue the oldest due job is that no worker has taken, in seconds (0 when none).', (r) => r.jobLagSeconds);
  }
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'bookchat_' });

  return {
    registry,
    metrics: {
      bookingOutcome: (outcome) => bookings.inc({ outcome }),
      chatUpdate: (channel, outcome, seconds) => {
        updates.inc({ channel, outcome });
        updateSeconds.observe({ channel }, seconds);
      },
      webhookRejected: (source) => rejections.inc({ source }),
      error: (boundary) => errors.inc({ boundary }),
    },
  };
}

// The gauges are collected at once: they share one reading while it is being taken.
function sharedReading(read: () => Promise<BacklogReading>): () => Promise<BacklogReading | undefined> {
  let running: Promise<BacklogReading | undefined> | undefined;
  return () => {
    running ??= read()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}
