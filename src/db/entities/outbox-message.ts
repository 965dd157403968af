import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** Delivery state of an outbox message. */
export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;

/**
 * A notification a use case decided to send, written in the same transaction as the
 * change that causes it (transactional outbox). The dispatcher job delivers it later;
 * `dedupeKey` makes each change produce one row however often it is retried.
 */
export const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    /** Dotted event name, e.g. `booking.cancelled`. */
    topic: p.string().length(64),
    aggregateType: p.string().length(32),
    aggregateId: p.string().length(64),
    payload: p.json<Record<string, unknown>>(),
    dedupeKey: p.string().length(200).unique(),
    status: p.enum(OUTBOX_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    availableAt: p.datetime().onCreate(() => new Date()),
    lastError: p.text().nullable(),
    processedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'outbox_message_due_idx', properties: ['status', 'availableAt'] }],
});

/** An outbox row. */
export type OutboxMessage = InferEntity<typeof OutboxMessageSchema>;
