import { acrossBusinessesSql } from '../db/sql-statement.ts';

/** A delivery the dispatcher gave up on. */
export interface DeadDelivery {
  id: string;
  business_id: string;
  channel: string;
  chat_id: string;
  topic: string;
  attempts: number;
  last_error: string | null;
}

// The dispatcher and the dead-letter tools serve every business from one queue.
const ONE_QUEUE = 'the outbox dispatcher serves every business from one delivery queue';

/** Claims due deliveries of the given channels with a lease, with their message's topic and payload. */
export const CLAIM_DUE_DELIVERIES = acrossBusinessesSql<{ leaseUntil: Date; now: Date; channels: string; limit: number }>(
  'deliveries.claim-due',
  ONE_QUEUE,
  `update outbox_delivery d set next_attempt_at = :leaseUntil
     from outbox_message m
    where m.id = d.message_id and m.business_id = d.business_id and d.id in (
      select id from outbox_delivery
       where status = 'pending' and next_attempt_at <= :now and channel = any(:channels::text[])
       order by next_attempt_at limit :limit for update skip locked)
   returning d.id, d.message_id, d.business_id, d.channel, d.chat_id, d.audience, d.locale, d.attempts, m.topic, m.payload,
             (extract(epoch from d.created_at) * 1000)::float8 as created_at`,
);

/** A delivery went out. */
export const MARK_DELIVERY_SENT = acrossBusinessesSql<{ id: string; at: Date; attempts: number }>(
  'deliveries.mark-sent',
  ONE_QUEUE,
  `update outbox_delivery set status = 'sent', sent_at = :at, attempts = :attempts, last_error = null where id = :id`,
);

/** Claimed deliveries this round will not get to: free for any worker again at once. */
export const RELEASE_DELIVERIES = acrossBusinessesSql<{ ids: string; now: Date }>(
  'deliveries.release',
  ONE_QUEUE,
  `update outbox_delivery set next_attempt_at = :now where status = 'pending' and id = any(:ids::uuid[])`,
);

/** A delivery is given up on. */
export const MARK_DELIVERY_DEAD = acrossBusinessesSql<{ id: string; attempts: number; error: string }>(
  'deliveries.mark-dead',
  ONE_QUEUE,
  `update outbox_delivery set status = 'dead', attempts = :attempts, last_error = :error where id = :id`,
);

/** A delivery is tried again later. */
export const RETRY_DELIVERY_LATER = acrossBusinessesSql<{ id: string; attempts: number; error: string; nextAttemptAt: Date }>(
  'deliveries.retry-later',
  ONE_QUEUE,
  `update outbox_delivery set attempts = :attempts, last_error = :error, next_attempt_at = :nextAttemptAt where id = :id`,
);

/** The dead letters, newest first. */
export const DEAD_DELIVERIES = acrossBusinessesSql<{ limit: number }, DeadDelivery>(
  'deliveries.dead',
  ONE_QUEUE,
  `select d.id, d.business_id, d.channel, d.chat_id, m.topic, d.attempts, d.last_error
     from outbox_delivery d join outbox_message m on m.id = d.message_id and m.business_id = d.business_id
    where d.status = 'dead' order by d.created_at desc limit :limit`,
);

/** Every dead letter back in the queue with a fresh attempt count. */
export const RETRY_ALL_DEAD = acrossBusinessesSql<{ now: Date }>(
  'deliveries.retry-all-dead',
  ONE_QUEUE,
  `update outbox_delivery set status = 'pending', attempts = 0, next_attempt_at = :now where status = 'dead'`,
);

/** These dead letters back in the queue with a fresh attempt count. */
export const RETRY_DEAD = acrossBusinessesSql<{ now: Date; ids: string }>(
  'deliveries.retry-dead',
  ONE_QUEUE,
  `update outbox_delivery set status = 'pending', attempts = 0, next_attempt_at = :now where status = 'dead' and id = any(:ids::uuid[])`,
);
