import { businessSql } from '../../db/sql-statement.ts';

/**
 * Locks a customer's row for the rest of the transaction, so that customer's concurrent
 * holds are counted one after another. A separate statement from the counts: a count
 * in the locking statement would read its snapshot from before the wait.
 */
export const LOCK_CUSTOMER = businessSql<{ businessId: string; customerId: string }, { id: string }>(
  'booking.lock-customer',
  `select c.id from customer c where c.id = :customerId and c.business_id = :businessId for update`,
);

/**
 * What a new hold may not exceed: the customer's live holds, and the holds the chats
 * took in the business in the last minute (a hold taken a minute ago expires a minute
 * sooner than a new one, so the live-holds index answers; waitlist offers, which have
 * no chat, do not count).
 */
export const HOLD_COUNTS = businessSql<{ businessId: string; customerId: string; now: Date }, { live: number; recent: number }>(
  'booking.hold-counts',
  `select (select count(*)::int from booking b
            where b.business_id = :businessId and b.customer_id = :customerId and b.status = 'held' and b.hold_expires_at > :now) as live,
          (select count(*)::int from booking b
            where b.business_id = :businessId and b.status = 'held' and b.conversation_key is not null
              and b.hold_expires_at > :now::timestamptz + make_interval(mins => bz.hold_minutes) - interval '1 minute') as recent
     from business bz where bz.id = :businessId`,
);
