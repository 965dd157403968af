import { acrossBusinessesSql, businessSql } from '../../db/sql-statement.ts';

/**
 * The webhooks capability statements: the fan-out of outbox messages to deliveries
 * (each event payload built once, here), and the delivery queue the job works through.
 */

const ONE_QUEUE = 'webhook deliveries of every business go through one queue; each row joins only rows of its own business';

// An instant as JavaScript writes it (`2031-03-04T08:00:00.000Z`).
const iso = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// A booking as integrations read it: its status and times as the change left them (the
// outbox payload), names as they are now.
const BOOKING = `jsonb_build_object(
  'id', b.id, 'status', coalesce(m.payload->>'status', b.status), 'starts_at', coalesce(m.payload->>'startsAt', ${iso('b.starts_at')}),
  'ends_at', coalesce(m.payload->>'endsAt', ${iso('b.ends_at')}), 'source', b.source, 'seats', b.seats,
  'price_minor', b.price_minor, 'discount_minor', b.discount_minor, 'deposit_minor', b.deposit_minor, 'currency', b.currency,
  'notes', b.notes, 'campaign', b.campaign, 'series_id', b.series_id, 'cancelled_by', b.cancelled_by, 'cancel_reason', b.cancel_reason,
  'service', jsonb_build_object('id', sv.id, 'name', sv.name),
  'staff', jsonb_build_object('id', sm.id, 'name', sm.name),
  'customer', jsonb_build_object('id', c.id, 'name', c.name, 'phone', c.phone, 'email', c.email),
  'actor', m.payload->>'actor')`;

const PAYMENT = `jsonb_build_object(
  'id', p.id, 'booking_id', p.booking_id, 'provider', p.provider, 'status', p.status, 'amount_minor', p.amount_minor, 'currency', p.currency,
  'refund_minor', (m.payload->>'refundMinor')::int, 'refunded_minor', coalesce((m.payload->>'refundedMinor')::int, p.refunded_minor),
  'paid_at', ${iso('p.paid_at')})`;

const CUSTOMER = `jsonb_build_object(
  'id', c.id, 'name', c.name, 'phone', c.phone, 'email', c.email, 'locale', c.locale, 'tags', to_jsonb(c.tags), 'created_at', ${iso('c.created_at')})`;

/**
 * One delivery per claimed outbox message whose topic is a webhook event (the parallel
 * `topics`/`events` arrays, `webhook-events.ts`) and enabled subscription of its business
 * that wants the event; the payload `{ id, type, created_at, business, data }` is built once,
 * the event id is the outbox message id. Unique per (subscription, event): a second
 * fan-out adds nothing.
 */
export const FAN_OUT_TO_WEBHOOKS = acrossBusinessesSql<{ now: Date; ids: string; topics: string; events: string }>(
  'webhooks.fan-out',
  ONE_QUEUE,
  `insert into webhook_delivery (id, business_id, subscription_id, event_id, event_type, payload, attempts, status, next_attempt_at, created_at)
   select gen_random_uuid(), m.business_id, s.id, m.id, r.event,
          jsonb_build_object('id', m.id, 'type', r.event, 'created_at', ${iso('m.created_at')}, 'business', jsonb_build_object('slug', bz.slug),
            'data', case
              when m.aggregate_type = 'payment' then jsonb_build_object('payment', (select ${PAYMENT} from payment p where p.business_id = m.business_id and p.id = uuid_or_null(m.aggregate_id)))
              when m.aggregate_type = 'customer' then jsonb_build_object('customer', (select ${CUSTOMER} from customer c where c.business_id = m.business_id and c.id = uuid_or_null(m.aggregate_id)))
              else jsonb_build_object(
                'booking', (select ${BOOKING}
                              from booking b
                              join service sv on sv.id = b.service_id and sv.business_id = b.business_id
                              join staff_member sm on sm.id = b.staff_member_id and sm.business_id = b.business_id
                              join customer c on c.id = b.customer_id and c.business_id = b.business_id
                             where b.business_id = m.business_id and b.id = uuid_or_null(m.payload->>'bookingId')))
                || case when r.event = 'review.created' then jsonb_build_object('review', jsonb_build_object('booking_id', m.payload->>'bookingId',
                     'customer_id', m.payload->>'customerId', 'staff_id', m.payload->>'staffId', 'rating', (m.payload->>'rating')::int, 'comment', m.payload->>'comment'))
                   else '{}'::jsonb end
            end),
          0, 'pending', :now,
          -- Oldest event first in each subscription log and queue, however many one fan-out adds.
          :now::timestamptz + (row_number() over (order by m.created_at, m.id)) * interval '1 microsecond'
     from outbox_message m
     join unnest(:topics::text[], :events::text[]) as r(topic, event) on r.topic = m.topic
     join business bz on bz.id = m.business_id
     join webhook_subscription s on s.business_id = m.business_id and s.enabled and r.event = any(s.events)
    where m.id = any(:ids::uuid[])
      -- A confirmation the desk sent again is no new event for the software of the business.
      and coalesce(m.payload->>'resent', 'false') <> 'true'
   on conflict (subscription_id, event_id) do nothing`,
);

/**
 * Takes up to `limit` enabled subscriptions with a due delivery that no worker holds,
 * holding each until `leaseUntil`: one delivery at a time per subscription, across workers.
 */
export const CLAIM_SUBSCRIPTIONS = acrossBusinessesSql<{ now: Date; leaseUntil: Date; limit: number }, { id: string; business_id: string; url: string; secret_ciphertext: string }>(
  'webhooks.claim-subscriptions',
  ONE_QUEUE,
  `update webhook_subscription s set busy_until = :leaseUntil
    where s.id in (
      select w.id from webhook_subscription w
       where w.enabled and (w.busy_until is null or w.busy_until <= :now)
         and exists (select 1 from webhook_delivery d where d.business_id = w.business_id and d.subscription_id = w.id and d.status in ('pending', 'failed') and d.next_attempt_at <= :now)
       order by w.created_at limit :limit for update skip locked)
   returning s.id, s.business_id, s.url, s.secret_ciphertext`,
);

/** The due deliveries of one claimed subscription, oldest event first. */
export const DUE_DELIVERIES = businessSql<
  { businessId: string; subscriptionId: string; now: Date; limit: number },
  { id: string; event_type: string; payload: Record<string, unknown>; attempts: number }
>(
  'webhooks.due-deliveries',
  `select d.id, d.event_type, d.payload, d.attempts from webhook_delivery d
    where d.business_id = :businessId and d.subscription_id = :subscriptionId and d.status in ('pending', 'failed') and d.next_attempt_at <= :now
    order by d.created_at, d.id limit :limit`,
);

/** The subscription is free for any worker again. */
export const RELEASE_SUBSCRIPTION = businessSql<{ businessId: string; subscriptionId: string }>(
  'webhooks.release-subscription',
  `update webhook_subscription set busy_until = null where business_id = :businessId and id = :subscriptionId`,
);
