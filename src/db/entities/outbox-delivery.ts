import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CHANNELS } from './customer.ts';
import { OutboxMessageSchema } from './outbox-message.ts';

/** Where a delivery goes: a chat channel, or a customer's e-mail (`chatId` then is the address). */
export const DELIVERY_CHANNELS = [...CHANNELS, 'email'] as const;
/** One of {@link DELIVERY_CHANNELS}. */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** Where a delivery stands: waiting (or retrying), delivered, or given up (dead letter). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'dead'] as const;

/**
 * One outbox message for one recipient (a customer's chat, the team's group chat).
 * Unique per (message, recipient), so fanning out again or on another worker never
 * creates a second send; attempts, the next try and the last error make retries and
 * the dead-letter list visible.
 */
export const OutboxDeliverySchema = defineEntity({
  name: 'OutboxDelivery',
  tableName: 'outbox_delivery',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    message: () => p.manyToOne(OutboxMessageSchema).ref().deleteRule('cascade'),
    channel: p.enum(DELIVERY_CHANNELS),
    /** The chat on that channel (Telegram chat id, WhatsApp JID, phone number…, an e-mail address). */
    chatId: p.string().length(128),
    /** `customer` or `team`: decides the wording, not the route. */
    audience: p.enum(['customer', 'team'] as const),
    locale: p.string().length(8).nullable(),
    status: p.enum(DELIVERY_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastError: p.text().nullable(),
    sentAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'outbox_delivery_message_recipient_unique', properties: ['message', 'channel', 'chatId'] }],
  indexes: [{ name: 'outbox_delivery_due_idx', properties: ['status', 'nextAttemptAt'] }],
});

/** A delivery row. */
export type OutboxDelivery = InferEntity<typeof OutboxDeliverySchema>;
