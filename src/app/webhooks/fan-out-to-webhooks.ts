import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../../db/sql-statement.ts';
import { topicEventPairs } from './webhook-events.ts';
import { FAN_OUT_TO_WEBHOOKS } from './webhooks-sql.ts';

const PAIRS = topicEventPairs();
const TOPICS = `{${PAIRS.topics.join(',')}}`;
const EVENTS = `{${PAIRS.events.join(',')}}`;

/**
 * The webhooks step of the outbox fan-out (`src/app/notifications/fan-out-outbox.ts`), in
 * its transaction: each claimed message whose topic is a webhook event becomes one
 * `webhook_delivery` per enabled subscription of its business that wants the event.
 * `ids`: the claimed messages as a PostgreSQL array literal.
 */
export async function fanOutToWebhooks(em: EntityManager, now: Date, ids: string): Promise<void> {
  await runSql(em, FAN_OUT_TO_WEBHOOKS, { now, ids, topics: TOPICS, events: EVENTS });
}
