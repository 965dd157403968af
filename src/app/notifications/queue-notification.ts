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

/** A queued notification's outbox row, by the entity's property names (the business by id). */
export interface NotificationRow {
  id: string;
  business: string;
  availableAt: Date;
  topic: QueuedNotification['topic'];
  aggregateType: string;
  aggregateId: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/**
 * The outbox row of one notification, due now by the use case's clock (the one the
 * dispatcher compares it with), checked against the topic's payload schema, with a key
 * of its own so it is delivered once. For statements that write it themselves.
 */
export function notificationRow(now: number, n: QueuedNotification): NotificationRow {
  const spec = NOTIFICATION_TOPICS[n.topic];
  const id = randomUUID();
  return {
    id,
    business: n.businessId,
    availableAt: new Date(now),
    topic: n.topic,
    aggregateType: spec.about,
    aggregateId: n.aggregateId,
    dedupeKey: `${n.topic}:${id}`,
    payload: spec.payload.parse(n.payload),
  };
}

/** Queues one outbox row ({@link notificationRow}) in the caller's transaction. Returns its id. */
export function queueNotification(em: EntityManager, now: number, n: QueuedNotification): string {
  const row = notificationRow(now, n);
  em.create(OutboxMessageSchema, row);
  return row.id;
}
