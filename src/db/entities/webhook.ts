import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/**
 * A URL of the business's other software (a CRM, accounting, a site builder) that is
 * sent the events it chose, signed with its own secret. The secret is sealed at rest
 * (`src/db/secret-box.ts`, bound to this row's id) and shown to the business once.
 * `consecutiveFailures` counts deliveries given up on in a row (reset by any success);
 * at the limit the subscription is disabled with a reason and the owner is told.
 */
export const WebhookSubscriptionSchema = defineEntity({
  name: 'WebhookSubscription',
  tableName: 'webhook_subscription',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    url: p.string().length(2000),
    /** Event types it receives (`booking.created`…). */
    events: p.array().defaultRaw("'{}'").onCreate((s) => s.events ?? []),
    secretCiphertext: p.text(),
    enabled: p.boolean().default(true),
    consecutiveFailures: p.integer().default(0),
    disabledReason: p.string().length(500).nullable(),
    /** A worker delivering to it holds it until then (one delivery at a time per subscription). */
    busyUntil: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'webhook_subscription_business_idx', properties: ['business'] }],
});

/** A webhook subscription row. */
export type WebhookSubscription = InferEntity<typeof WebhookSubscriptionSchema>;

/** Where a delivery stands: waiting or retrying, delivered, failed (a resend may follow), given up after about a day. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'gave_up'] as const;
/** One of {@link WEBHOOK_DELIVERY_STATUSES}. */
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one subscription: unique per (subscription, event id), so an event is
 * delivered once per subscription however often the fan-out runs. The payload is built
 * once, when the event is fanned out, and sent byte for byte the same on every attempt.
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    subscription: () => p.manyToOne(WebhookSubscriptionSchema).ref().deleteRule('cascade'),
    eventId: p.uuid(),
    eventType: p.string().length(64),
    payload: p.json<Record<string, unknown>>(),
    attempts: p.integer().default(0),
    status: p.enum(WEBHOOK_DELIVERY_STATUSES).default('pending'),
    lastStatusCode: p.integer().nullable(),
    lastError: p.string().length(500).nullable(),
    nextAttemptAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'webhook_delivery_subscription_event_unique', properties: ['subscription', 'eventId'] }],
  indexes: [
    { name: 'webhook_delivery_due_idx', properties: ['status', 'nextAttemptAt'] },
    { name: 'webhook_delivery_log_idx', properties: ['subscription', 'createdAt'] },
    // A subscription's due deliveries, oldest first, without walking its delivered history.
    {
      name: 'webhook_delivery_pending_idx',
      expression: "create index webhook_delivery_pending_idx on webhook_delivery (subscription_id, created_at, id) where status in ('pending', 'failed')",
    },
  ],
});

/** A webhook delivery row. */
export type WebhookDelivery = InferEntity<typeof WebhookDeliverySchema>;
