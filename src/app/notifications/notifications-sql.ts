import { acrossBusinessesSql, businessSql } from '../../db/sql-statement.ts';

/**
 * The notification use cases' hand-written statements: queueing outbox rows straight
 * from a query (reminders, follow-ups, the digest) and the outbox fan-out. Rows
 * queued here carry the same columns and the same instant format as
 * `record-booking-change.ts` writes through the ORM.
 */

const OUTBOX_INSERT = `insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)`;

// An instant as JavaScript's `toISOString()` writes it (`2031-03-04T08:00:00.000Z`).
const isoUtc = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `booking.reminder` rows for the confirmed bookings whose reminder offsets fell due (see `queue-due-reminders.ts`). */
export const QUEUE_DUE_REMINDERS = businessSql<{ businessId: string; now: Date; graceMinutes: number }>(
  'notifications.queue-due-reminders',
  `${OUTBOX_INSERT}
   select gen_random_uuid(), b.business_id, 'booking.reminder', 'booking', b.id::text,
          jsonb_build_object('bookingId', b.id, 'customerId', b.customer_id, 'staffId', b.staff_member_id, 'serviceId', b.service_id,
                             'startsAt', ${isoUtc('b.starts_at')},
                             'endsAt', ${isoUtc('b.ends_at')},
                             'offsetMinutes', o.minutes, 'status', b.status),
          'booking.reminder:' || b.id || ':' || o.minutes || ':' || (extract(epoch from b.starts_at))::bigint,
          'pending', 0, :now, :now
     from booking b
     join business bz on bz.id = b.business_id
     cross join lateral (select value::int as minutes from jsonb_array_elements_text(bz.reminder_offsets_minutes)) o
    where b.business_id = :businessId and b.status = 'confirmed' and b.starts_at > :now
      and b.starts_at - make_interval(mins => o.minutes) <= :now
      and b.starts_at - make_interval(mins => o.minutes - :graceMinutes) > :now
   on conflict (dedupe_key) do nothing`,
);

/**
 * `booking.follow_up` rows for appointments that ended the business's follow-up delay
 * ago (none when it has no delay), due within the last week (see `queue-due-follow-ups.ts`).
 */
export const QUEUE_DUE_FOLLOW_UPS = businessSql<{ businessId: string; now: Date }>(
  'notifications.queue-due-follow-ups',
  `${OUTBOX_INSERT}
   select gen_random_uuid(), b.business_id, 'booking.follow_up', 'booking', b.id::text,
          jsonb_build_object('bookingId', b.id, 'customerId', b.customer_id, 'staffId', b.staff_member_id, 'serviceId', b.service_id, 'status', b.status),
          'booking.follow_up:' || b.id, 'pending', 0, :now, :now
     from booking b
     join business bz on bz.id = b.business_id
    where b.business_id = :businessId and b.status in ('confirmed', 'completed') and bz.follow_up_after_minutes is not null
      -- Bounds on ends_at alone (the delay a one-time subquery): the bookings-by-end index reads only the week due.
      and b.ends_at <= :now::timestamptz - (select make_interval(mins => f.follow_up_after_minutes) from business f where f.id = :businessId)
      and b.ends_at > :now::timestamptz - interval '7 days' - (select make_interval(mins => f.follow_up_after_minutes) from business f where f.id = :businessId)
   on conflict (dedupe_key) do nothing`,
);

/** The minute of the day the business opens on a weekday: its own hours, else its earliest specialist's in the business's zone. */
export const OPENING_MINUTE = businessSql<{ businessId: string; weekday: number }, { minute: number | null }>(
  'notifications.opening-minute',
  `select coalesce(min(h.start_minute) filter (where h.staff_member_id is null),
                   min(h.start_minute) filter (where sm.active and sm.time_zone is null)) as minute
     from working_hours h left join staff_member sm on sm.id = h.staff_member_id and sm.business_id = h.business_id
    where h.business_id = :businessId and h.weekday = :weekday`,
);

/** The day's `business.daily_digest` row: every active booking of the local day, by specialist. */
export const QUEUE_DAILY_DIGEST = businessSql<{ businessId: string; date: string; dayStart: Date; dayEnd: Date; now: Date }>(
  'notifications.queue-daily-digest',
  `${OUTBOX_INSERT}
   select gen_random_uuid(), :businessId, 'business.daily_digest', 'business', :businessId::text,
          jsonb_build_object('date', :date::text, 'staff', coalesce((
            select jsonb_agg(jsonb_build_object('staffId', s.id, 'name', s.name, 'bookings', s.bookings) order by s.position, s.name)
              from (select sm.id, sm.name, sm.position,
                           jsonb_agg(jsonb_build_object('bookingId', b.id, 'startsAt', ${isoUtc('b.starts_at')},
                                                        'service', sv.name, 'customer', c.name, 'status', b.status) order by b.starts_at) as bookings
                      from booking b
                      join staff_member sm on sm.id = b.staff_member_id and sm.business_id = b.business_id
                      join service sv on sv.id = b.service_id and sv.business_id = b.business_id
                      join customer c on c.id = b.customer_id and c.business_id = b.business_id
                     where b.business_id = :businessId and b.status in ('pending', 'confirmed') and b.starts_at >= :dayStart and b.starts_at < :dayEnd
                     group by sm.id, sm.name, sm.position) s), '[]'::jsonb)),
          'business.daily_digest:' || :businessId || ':' || :date, 'pending', 0, :now, :now
   on conflict (dedupe_key) do nothing`,
);

const FAN_OUT = 'the outbox fan-out serves every business from one queue; each delivery joins only rows of its message’s business';

/** Claims pending outbox messages that are due. */
export const CLAIM_DUE_MESSAGES = acrossBusinessesSql<{ now: Date; limit: number }, { id: string }>(
  'notifications.claim-due-messages',
  FAN_OUT,
  `select id from outbox_message where status = 'pending' and available_at <= :now order by created_at limit :limit for update skip locked`,
);

/** One delivery per claimed message of a customer topic: the chat on the channel the customer chose for notifications, else the one they booked from, else the one used last; none for what they turned off. */
export const FAN_OUT_TO_CUSTOMERS = acrossBusinessesSql<{ now: Date; ids: string; topics: string }>(
  'notifications.fan-out-to-customers',
  FAN_OUT,
  `insert into outbox_delivery (id, business_id, message_id, channel, chat_id, audience, locale, status, attempts, next_attempt_at, created_at)
   select gen_random_uuid(), m.business_id, m.id, ci.channel, ci.external_id, 'customer', coalesce(c.locale, bz.default_locale), 'pending', 0, :now, :now
     from outbox_message m
     join business bz on bz.id = m.business_id
     join customer c on c.business_id = m.business_id and c.id = uuid_or_null(m.payload->>'customerId')
     join lateral (
       select i.channel, i.external_id from channel_identity i
         left join booking b on b.business_id = m.business_id and b.id = uuid_or_null(m.payload->>'bookingId')
        where i.business_id = m.business_id and i.customer_id = c.id
        order by (i.channel = c.notify_channel) desc nulls last, (i.channel = b.source) desc nulls last, i.created_at desc
        limit 1) ci on true
    where m.id = any(:ids::uuid[]) and m.topic = any(:topics::text[])
      -- What the customer turned off in the chat settings reaches no chat of theirs.
      and not (m.topic = 'booking.reminder' and c.reminders_off)
      and not (m.topic = 'booking.follow_up' and c.follow_ups_off)
      -- An offer reaches only a customer who still wants offers and is not blocked.
      and not (m.topic = 'broadcast.message' and (not c.marketing_opt_in or c.blocked))
   on conflict do nothing`,
);

/**
 * One delivery per claimed message of an addressed topic (a booking page's code): to the
 * channel and address in its payload, in the customer's language; e-mail only when this
 * process sends mail.
 */
export const FAN_OUT_TO_ADDRESSES = acrossBusinessesSql<{ now: Date; ids: string; topics: string; email: boolean }>(
  'notifications.fan-out-to-addresses',
  FAN_OUT,
  `insert into outbox_delivery (id, business_id, message_id, channel, chat_id, audience, locale, status, attempts, next_attempt_at, created_at)
   select gen_random_uuid(), m.business_id, m.id, m.payload->>'channel', m.payload->>'address', 'customer', coalesce(m.payload->>'locale', c.locale, bz.default_locale), 'pending', 0, :now, :now
     from outbox_message m
     join business bz on bz.id = m.business_id
     join customer c on c.business_id = m.business_id and c.id = uuid_or_null(m.payload->>'customerId')
    where m.id = any(:ids::uuid[]) and m.topic = any(:topics::text[])
      and m.payload->>'channel' in ('sms', 'email') and (m.payload->>'channel' = 'sms' or :email)
   on conflict do nothing`,
);

/** One delivery per claimed message of a team topic and active team chat of its business. */
export const FAN_OUT_TO_TEAMS = acrossBusinessesSql<{ now: Date; ids: string; topics: string }>(
  'notifications.fan-out-to-teams',
  FAN_OUT,
  `insert into outbox_delivery (id, business_id, message_id, channel, chat_id, audience, locale, status, attempts, next_attempt_at, created_at)
   select gen_random_uuid(), m.business_id, m.id, t.channel, t.chat_id, 'team', coalesce(t.locale, bz.default_locale), 'pending', 0, :now, :now
     from outbox_message m
     join business bz on bz.id = m.business_id
     join team_chat t on t.business_id = m.business_id and t.active
    where m.id = any(:ids::uuid[]) and m.topic = any(:topics::text[])
   on conflict do nothing`,
);

/**
 * One e-mail per claimed message of an e-mailed topic whose customer left an address,
 * in their language, besides their chat: not to an address that bounced or asked for no
 * more mail, and not what they turned off in the chat settings.
 */
export const FAN_OUT_TO_EMAIL = acrossBusinessesSql<{ now: Date; ids: string; topics: string }>(
  'notifications.fan-out-to-email',
  FAN_OUT,
  `insert into outbox_delivery (id, business_id, message_id, channel, chat_id, audience, locale, status, attempts, next_attempt_at, created_at)
   select gen_random_uuid(), m.business_id, m.id, 'email', lower(c.email), 'customer', coalesce(c.locale, bz.default_locale), 'pending', 0, :now, :now
     from outbox_message m
     join business bz on bz.id = m.business_id
     join customer c on c.business_id = m.business_id and c.id = uuid_or_null(m.payload->>'customerId')
    where m.id = any(:ids::uuid[]) and m.topic = any(:topics::text[])
      and c.email is not null and c.email <> '' and not c.email_opt_out and c.email_bounced_at is null
      and not (m.topic = 'booking.reminder' and c.reminders_off)
   on conflict do nothing`,
);

/** The claimed messages are fanned out. */
export const MARK_MESSAGES_FANNED_OUT = acrossBusinessesSql<{ now: Date; ids: string }>(
  'notifications.mark-fanned-out',
  FAN_OUT,
  `update outbox_message set status = 'sent', processed_at = :now where id = any(:ids::uuid[])`,
);
