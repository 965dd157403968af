import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Topics a customer hears about, in their own chat. */
export const CUSTOMER_TOPICS = [
  'booking.created',
  'booking.confirmed',
  'booking.approved',
  'booking.cancelled',
  'booking.declined',
  'booking.rescheduled',
  'booking.hold_expired',
  'booking.payment_expired',
  'booking.reminder',
  'booking.follow_up',
  'waitlist.offer',
  'waitlist.offer_expired',
  'conversation.reply',
] as const;

/** Topics the business's team chats hear about. */
export const TEAM_TOPICS = ['booking.created', 'booking.cancelled', 'booking.payment_expired', 'booking.rescheduled', 'booking.no_show', 'review.received', 'business.daily_digest', 'conversation.message'] as const;

/**
 * Turns up to `limit` pending outbox messages into deliveries, one per recipient, in
 * one transaction: the customer in the chat they booked from (else the chat they used
 * last), in their language; every active team chat of the business. Deliveries are
 * unique per (message, chat), so fanning out again — after a crash, on another worker —
 * adds nothing. A message nobody can receive (a walk-in without a chat) is closed
 * with no delivery. Returns how many messages were fanned out.
 */
export async function fanOutOutbox(ctx: UseCaseContext, limit = 200): Promise<number> {
  return ctx.orm.em.transactional(async (em) => {
    const connection = em.getConnection();
    const tx = em.getTransactionContext();
    const now = new Date(ctx.now());
    const claimed = await connection.execute<{ id: string }[]>(
      `select id from outbox_message where status = 'pending' and available_at <= ? order by created_at limit ? for update skip locked`,
      [now, limit],
      'all',
      tx,
    );
    if (claimed.length === 0) return 0;
    const ids = `{${claimed.map((c) => c.id).join(',')}}`;
    await connection.execute(
      `insert into outbox_delivery (id, business_id, message_id, channel, chat_id, audience, locale, status, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), m.business_id, m.id, ci.channel, ci.external_id, 'customer', coalesce(c.locale, bz.default_locale), 'pending', 0, ?, ?
         from outbox_message m
         join business bz on bz.id = m.business_id
         join customer c on c.business_id = m.business_id and c.id::text = m.payload->>'customerId'
         join lateral (
           select i.channel, i.external_id from channel_identity i
             left join booking b on b.business_id = m.business_id and b.id::text = m.payload->>'bookingId'
            where i.business_id = m.business_id and i.customer_id = c.id
            order by (i.channel = b.source) desc nulls last, i.created_at desc
            limit 1) ci on true
        where m.id = any(?::uuid[]) and m.topic = any(?::text[])
       on conflict do nothing`,
      [now, now, ids, `{${CUSTOMER_TOPICS.join(',')}}`],
      'run',
      tx,
    );
    await connection.execute(
      `insert into outbox_delivery (id, business_id, message_id, channel, chat_id, audience, locale, status, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), m.business_id, m.id, t.channel, t.chat_id, 'team', coalesce(t.locale, bz.default_locale), 'pending', 0, ?, ?
         from outbox_message m
         join business bz on bz.id = m.business_id
         join team_chat t on t.business_id = m.business_id and t.active
        where m.id = any(?::uuid[]) and m.topic = any(?::text[])
       on conflict do nothing`,
      [now, now, ids, `{${TEAM_TOPICS.join(',')}}`],
      'run',
      tx,
    );
    await connection.execute(`update outbox_message set status = 'sent', processed_at = ? where id = any(?::uuid[])`, [now, ids], 'run', tx);
    return claimed.length;
  });
}
