import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxMessageSchema } from '../../db/entities/index.ts';
import { NOTIFICATION_TOPICS, type NotificationTopic } from './notification-topics.ts';

/** A notification to queue that is not a booking's change (those go through `recordBookingChange`). */
export interface QueuedNotification {
  businessId: string;
  topic: Exclude<NotificationTopic, 'booking.held'>;
  /** The id of what it is about (the topic says of which kind). */
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Queues one outbox row in the caller's transaction, due now by the use case's clock
 * (the one the dispatcher compares it with), checked against the topic's payload
 * schema, with a key of its own so it is delivered once. Returns its id.
 */
export function queueNotification(em: EntityManager, now: number, n: QueuedNotification): string {
  const spec = NOTIFICATION_TOPICS[n.topic];
  const id = randomUUID();
  em.create(OutboxMessageSchema, {
    id,
    business: n.businessId,
    availableAt: new Date(now),
    topic: n.topic,
    aggregateType: spec.about,
    aggregateId: n.aggregateId,
    dedupeKey: `${n.topic}:${id}`,
    payload: spec.payload.parse(n.payload),
  });
  return id;
}
