import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CustomerSchema } from './customer.ts';

/** Where a broadcast is: composed, queued in the outbox, being sent, every recipient settled. */
export const BROADCAST_STATUSES = ['draft', 'queued', 'sending', 'done'] as const;
/** One of {@link BROADCAST_STATUSES}. */
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/** Who a broadcast goes to: customers who opted in, narrowed by each filter given (all of them). */
export interface BroadcastAudience {
  /** Customers with this tag. */
  tag?: string;
  /** Customers who had a visit of this service. */
  serviceId?: string;
  /** Customers whose last visit was at least this many days ago. */
  lapsedDays?: number;
}

/**
 * A marketing message (an offer, news) the business sends to the customers who opted
 * in, through each one's chat, via the outbox. Its counts are settled from the
 * recipients as the dispatcher works.
 */
export const BroadcastSchema = defineEntity({
  name: 'Broadcast',
  tableName: 'broadcast',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    text: p.string().length(1000),
    audience: p.json<BroadcastAudience>(),
    status: p.enum(BROADCAST_STATUSES).default('draft'),
    sentCount: p.integer().default(0),
    failedCount: p.integer().default(0),
    skippedCount: p.integer().default(0),
    /** Recipients who turned offers off after it reached them (its own button, or STOP). */
    optedOutCount: p.integer().default(0),
    /** The panel user who wrote it (null: gone since). */
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    queuedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'broadcast_business_created_idx', properties: ['business', 'createdAt'] }],
});

/** A broadcast row. */
export type Broadcast = InferEntity<typeof BroadcastSchema>;

/** How one recipient of a broadcast fared. */
export const RECIPIENT_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;

/**
 * One customer a broadcast was meant for: messaged at most once (unique per broadcast
 * and customer, and its outbox row's dedupe key). `skipped` with a `reason`: no chat,
 * WhatsApp's 24-hour rule, opted out before it went.
 */
export const BroadcastRecipientSchema = defineEntity({
  name: 'BroadcastRecipient',
  tableName: 'broadcast_recipient',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    broadcast: () => p.manyToOne(BroadcastSchema).ref().deleteRule('cascade'),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('cascade'),
    channel: p.string().length(16).nullable(),
    status: p.enum(RECIPIENT_STATUSES).default('pending'),
    reason: p.string().length(32).nullable(),
    error: p.text().nullable(),
    /** Its outbox message (none when skipped at once). */
    messageId: p.uuid().nullable(),
    /** When the customer turned offers off after this broadcast reached them. */
    optedOutAt: p.datetime().nullable(),
  },
  uniques: [{ name: 'broadcast_recipient_once', properties: ['broadcast', 'customer'] }],
  indexes: [
    { name: 'broadcast_recipient_pending_idx', properties: ['business', 'status'] },
    { name: 'broadcast_recipient_customer_idx', properties: ['business', 'customer'] },
    // By customer alone: a customer card deleted (merged) takes its rows along.
    { name: 'broadcast_recipient_customer_only_idx', properties: ['customer'] },
  ],
});

/** A broadcast-recipient row. */
export type BroadcastRecipient = InferEntity<typeof BroadcastRecipientSchema>;
