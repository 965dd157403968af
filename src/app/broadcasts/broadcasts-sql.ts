import { businessSql } from '../../db/sql-statement.ts';

/**
 * The broadcasts capability's statements. Who a broadcast reaches is one query: each
 * customer matching its filters with a verdict, so the preview counts and the queueing
 * can never disagree.
 */

/** Parameters of the audience: filters as nulls when not given. */
export interface AudienceParams {
  businessId: string;
  now: Date;
  tag: string | null;
  serviceId: string | null;
  lapsedSince: Date | null;
  /** Epoch ms: a WhatsApp chat whose customer last wrote before this is outside the 24-hour window. */
  windowStart: number;
}

// A visit: a booking that happened (completed, or confirmed and begun).
const VISIT = `(b.status = 'completed' or (b.status = 'confirmed' and b.starts_at < :now))`;

// Each matching customer, the chat the outbox fan-out would pick (their notification
// channel, else the newest), and a verdict: reach, or why not.
const AUDIENCE = `
  audience as (
    select c.id as customer_id, ci.channel,
           case when c.blocked then 'blocked'
                when not c.marketing_opt_in then 'not_opted_in'
                when ci.channel is null then 'no_chat'
                when ci.channel = 'whatsapp' and not coalesce(cv.recent, false) then 'whatsapp_window'
                else 'reach' end as verdict
      from customer c
      left join lateral (
        select i.channel, i.external_id from channel_identity i
         where i.business_id = :businessId and i.customer_id = c.id
         order by (i.channel = c.notify_channel) desc nulls last, i.created_at desc
         limit 1) ci on true
      left join lateral (
        select (v.state->>'touchedAt')::bigint >= :windowStart as recent from conversation v
         where v.business_id = :businessId and v.channel = 'whatsapp' and v.chat_id = ci.external_id) cv on true
     where c.business_id = :businessId
       and (:tag::text is null or c.tags @> array[:tag::text]::text[])
       and (:serviceId::uuid is null or exists (
             select 1 from booking b where b.business_id = :businessId and b.customer_id = c.id and b.service_id = :serviceId::uuid and ${VISIT}))
       and (:lapsedSince::timestamptz is null or (
             exists (select 1 from booking b where b.business_id = :businessId and b.customer_id = c.id and ${VISIT} and b.starts_at < :lapsedSince::timestamptz)
             and not exists (select 1 from booking b where b.business_id = :businessId and b.customer_id = c.id
                               and b.status in ('pending', 'confirmed', 'completed') and b.starts_at >= :lapsedSince::timestamptz)))
  )`;

/** How many matching customers get each verdict. */
export const AUDIENCE_COUNTS = businessSql<AudienceParams, { verdict: string; customers: number }>(
  'broadcasts.audience-counts',
  `with ${AUDIENCE} select verdict, count(*)::int as customers from audience group by verdict`,
);

/**
 * Queues a draft broadcast: marks it queued (only a draft: a second press queues
 * nothing), one recipient row per customer reached or skipped, and one outbox row per
 * customer reached (key per broadcast and customer), spread `spacingMs` apart so a big
 * broadcast never holds up the business's booking messages.
 */
export const QUEUE_BROADCAST = businessSql<AudienceParams & { broadcastId: string; spacingMs: number }, { queued: number; skipped: number }>(
  'broadcasts.queue',
  `with ${AUDIENCE},
   claimed as (
     update broadcast set status = 'queued', queued_at = :now
      where business_id = :businessId and id = :broadcastId::uuid and status = 'draft'
     returning id, text),
   picked as (
     select a.*, row_number() over (order by a.customer_id) as n, gen_random_uuid() as message_id
       from audience a cross join claimed
      where a.verdict in ('reach', 'no_chat', 'whatsapp_window')),
   messages as (
     insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)
     select p.message_id, :businessId, 'broadcast.message', 'customer', p.customer_id::text,
            jsonb_build_object('broadcastId', cl.id, 'customerId', p.customer_id, 'text', cl.text),
            'broadcast.message:' || cl.id || ':' || p.customer_id, 'pending', 0,
            :now::timestamptz + make_interval(secs => (p.n - 1) * :spacingMs / 1000.0), :now
       from picked p cross join claimed cl where p.verdict = 'reach'
     on conflict (dedupe_key) do nothing
     returning id),
   recipients as (
     insert into broadcast_recipient (id, business_id, broadcast_id, customer_id, channel, status, reason, message_id)
     select gen_random_uuid(), :businessId, cl.id, p.customer_id, p.channel,
            case when p.verdict = 'reach' then 'pending' else 'skipped' end,
            case when p.verdict = 'reach' then null else p.verdict end,
            case when p.verdict = 'reach' then p.message_id end
       from picked p cross join claimed cl
     on conflict (broadcast_id, customer_id) do nothing
     returning status)
   select count(*) filter (where status = 'pending')::int as queued, count(*) filter (where status = 'skipped')::int as skipped from recipients`,
);

/**
 * Settles pending recipients from their deliveries: sent, failed (dead), skipped when
 * the WhatsApp number refused it for the 24-hour rule (`outsideWindowError`); a message
 * fanned out with no delivery went to nobody (opted out or blocked meanwhile, or no chat).
 */
export const SETTLE_RECIPIENTS = businessSql<{ businessId: string; outsideWindowError: string }>(
  'broadcasts.settle-recipients',
  `update broadcast_recipient r
      set status = case when d.status = 'sent' then 'sent'
                        when d.status = 'dead' and d.last_error = :outsideWindowError then 'skipped'
                        when d.status = 'dead' then 'failed'
                        else 'skipped' end,
          reason = case when d.status = 'dead' and d.last_error = :outsideWindowError then 'whatsapp_window'
                        when d.id is null then 'not_delivered' end,
          error = case when d.status = 'dead' then d.last_error end
     from outbox_message m
     left join outbox_delivery d on d.business_id = m.business_id and d.message_id = m.id
    where r.business_id = :businessId and r.status = 'pending'
      and m.business_id = :businessId and m.id = r.message_id and m.status = 'sent'
      and (d.id is null or d.status in ('sent', 'dead'))`,
);

/** Each unfinished broadcast of the business gets its counts, and its status: sending once a queued message settled, done when none is pending. */
export const UPDATE_BROADCAST_COUNTS = businessSql<{ businessId: string; now: Date }>(
  'broadcasts.update-counts',
  `update broadcast br
      set sent_count = t.sent, failed_count = t.failed, skipped_count = t.skipped, opted_out_count = t.opted_out,
          status = case when t.pending = 0 then 'done' when t.delivered > 0 then 'sending' else br.status end,
          finished_at = case when t.pending = 0 then coalesce(br.finished_at, :now) end
     from (select r.broadcast_id,
                  count(*) filter (where r.status = 'pending') as pending,
                  count(*) filter (where r.message_id is not null and r.status <> 'pending') as delivered,
                  count(*) filter (where r.status = 'sent') as sent,
                  count(*) filter (where r.status = 'failed') as failed,
                  count(*) filter (where r.status = 'skipped') as skipped,
                  count(*) filter (where r.opted_out_at is not null) as opted_out
             from broadcast_recipient r where r.business_id = :businessId group by r.broadcast_id) t
    where br.business_id = :businessId and br.id = t.broadcast_id
      and (br.status in ('queued', 'sending') or br.opted_out_count <> t.opted_out)`,
);

/** A queued broadcast whose audience was empty is done at once. */
export const FINISH_EMPTY_BROADCASTS = businessSql<{ businessId: string; now: Date }>(
  'broadcasts.finish-empty',
  `update broadcast br set status = 'done', finished_at = :now
    where br.business_id = :businessId and br.status = 'queued'
      and not exists (select 1 from broadcast_recipient r where r.business_id = :businessId and r.broadcast_id = br.id)`,
);

/**
 * The customer turned offers off: the broadcast they answered (or else the last one
 * that reached them) counts it, once.
 */
export const MARK_OPTED_OUT = businessSql<{ businessId: string; customerId: string; broadcastId: string | null; now: Date }>(
  'broadcasts.mark-opted-out',
  `update broadcast_recipient set opted_out_at = :now
    where business_id = :businessId and id = (
      select r.id from broadcast_recipient r join broadcast b on b.id = r.broadcast_id and b.business_id = :businessId
       where r.business_id = :businessId and r.customer_id = :customerId::uuid and r.status in ('sent', 'pending') and r.opted_out_at is null
         and (:broadcastId::uuid is null or r.broadcast_id = :broadcastId::uuid)
       order by b.queued_at desc nulls last limit 1)`,
);

/** Whether the customer wrote to the business on WhatsApp since `windowStart` (their chat's last event). */
export const WROTE_SINCE = businessSql<{ businessId: string; chatId: string; windowStart: number }, { recent: boolean }>(
  'broadcasts.wrote-since',
  `select coalesce(bool_or((v.state->>'touchedAt')::bigint >= :windowStart), false) as recent
     from conversation v where v.business_id = :businessId and v.channel = 'whatsapp' and v.chat_id = :chatId`,
);
