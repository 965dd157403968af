import { businessSql } from '../../db/sql-statement.ts';

/**
 * Locks a customer's row for the rest of a new hold's transaction, so that customer's
 * concurrent holds are counted one after another ({@link HOLD_COUNTS}, a separate
 * statement: a count in the locking statement would read its snapshot from before the
 * wait), and finds the chat's live hold that the new one replaces (its id; null: none,
 * or no chat) in the same round trip, with the name and phone the chat may still have to
 * ask for. Only the customer's row is locked; the replaced hold is locked when it is released.
 */
export const LOCK_HOLDER = businessSql<
  { businessId: string; customerId: string; conversationKey: string | null },
  { id: string; name: string; phone: string | null; previous_hold_id: string | null }
>(
  'booking.lock-holder',
  `select c.id, c.name, c.phone,
          (select b.id from booking b
            where b.business_id = :businessId and b.conversation_key = :conversationKey and b.status = 'held') as previous_hold_id
     from customer c where c.id = :customerId and c.business_id = :businessId
      for update of c`,
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

/**
 * Writes a new booking with its audit entries and outbox messages in one statement:
 * all of it or none (a lost race for the slot fails the whole statement). The rows
 * come as JSON by the entities' property names (`newBookingRow`, `bookingChangeRows`),
 * so the columns are named here once; the database fills the defaults the ORM would
 * (version 1, no discount, one seat) and stamps creation with its own clock as the
 * ORM does with the process's.
 *
 * With `scheduleSnapshot` (the snapshot cached schedule facts were read in), nothing is
 * written — no row comes back — unless no schedule change committed since that
 * snapshot and the customer exists unblocked: the checks made against those facts
 * still hold. Null: the caller read the facts just now and checked the customer.
 *
 * `ownStatement`: the statement is its own transaction, so it may take the specialist's
 * booking lock (transaction-scoped, gone at its commit) before writing: two bookings
 * racing for the same time then meet one after the other. Without it, both insert
 * their row first and each finds the other's in the exclusion index — a deadlock,
 * broken only after `deadlock_timeout` (a second). A transaction passes false: it
 * already holds other locks, which this one must not be taken after.
 */
export const INSERT_BOOKING_WITH_CHANGES = businessSql<
  { businessId: string; booking: string; audits: string; outbox: string; scheduleSnapshot: string | null; ownStatement: boolean },
  { id: string }
>(
  'booking.insert-with-changes',
  `with staff_lock as (
  select count(pg_advisory_xact_lock(hashtextextended('booking-staff:' || r."staffMember", 0)))::int as taken
    from json_to_record(:booking::json) as r("staffMember" uuid)
   where :ownStatement::boolean
), facts_stand as (
  select (select taken from staff_lock) >= 0 and (:scheduleSnapshot::text is null or (
           not exists (select 1 from availability_change
                        where business_id = :businessId and schedule
                          and xid >= pg_snapshot_xmin(:scheduleSnapshot::pg_snapshot)::text::bigint
                          and not pg_visible_in_snapshot(xid::text::xid8, :scheduleSnapshot::pg_snapshot))
           and exists (select 1 from customer c, json_to_record(:booking::json) as r(customer uuid)
                        where c.id = r.customer and c.business_id = :businessId and not c.blocked))) as ok
), new_booking as (
  insert into booking (id, business_id, service_id, staff_member_id, resource_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                       status, hold_expires_at, group_session_key, resource_shared, price_minor, currency, deposit_minor, source,
                       conversation_key, idempotency_key, notes, campaign, guest_name, series_id, created_at, updated_at)
  select r.id, r.business, r.service, r."staffMember", r.resource, r.customer, r."startsAt", r."endsAt", r."blockedFrom", r."blockedUntil",
         r.status, r."holdExpiresAt", r."groupSessionKey", r."resourceShared", r."priceMinor", r.currency, r."depositMinor", r.source,
         r."conversationKey", r."idempotencyKey", r.notes, r.campaign, r."guestName", r."seriesId", now(), now()
    from json_to_record(:booking::json) as r(id uuid, business uuid, service uuid, "staffMember" uuid, resource uuid, customer uuid,
         "startsAt" timestamptz, "endsAt" timestamptz, "blockedFrom" timestamptz, "blockedUntil" timestamptz, status text, "holdExpiresAt" timestamptz,
         "groupSessionKey" text, "resourceShared" boolean, "priceMinor" int, currency text, "depositMinor" int, source text,
         "conversationKey" text, "idempotencyKey" text, notes text, campaign text, "guestName" text, "seriesId" uuid)
   where r.business = :businessId and (select ok from facts_stand)
  returning id
), audit as (
  insert into audit_entry (id, business_id, actor_kind, actor_id, action, entity_type, entity_id, details, created_at)
  select a.id, a.business, a."actorKind", a."actorId", a.action, a."entityType", a."entityId", a.details, a."createdAt"
    from json_to_recordset(:audits::json) as a(id uuid, business uuid, "actorKind" text, "actorId" text, action text, "entityType" text,
         "entityId" text, details jsonb, "createdAt" timestamptz)
   where a.business = :businessId and exists (select 1 from new_booking)
), outbox as (
  insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, available_at, created_at)
  select o.id, o.business, o.topic, o."aggregateType", o."aggregateId", o.payload, o."dedupeKey", o."availableAt", now()
    from json_to_recordset(:outbox::json) as o(id uuid, business uuid, topic text, "aggregateType" text, "aggregateId" text, payload jsonb,
         "dedupeKey" text, "availableAt" timestamptz)
   where o.business = :businessId and exists (select 1 from new_booking)
)
select id from new_booking`,
);

/**
 * One booking with the names a message shows (service, specialist, customer, promo
 * code) and what decides whether it may be repeated, in one statement. Instants come
 * as epoch milliseconds. See `bookingDetails`.
 */
export const BOOKING_DETAILS = businessSql<{ businessId: string; bookingId: string }, Record<string, unknown>>(
  'booking.details',
  `select b.id, b.status, b.awaiting, b.service_id, b.staff_member_id, b.resource_id, b.customer_id,
          (extract(epoch from b.starts_at) * 1000)::float8 as starts_at, (extract(epoch from b.ends_at) * 1000)::float8 as ends_at,
          (extract(epoch from b.hold_expires_at) * 1000)::float8 as hold_expires_at,
          b.price_minor, b.discount_minor, b.deposit_minor, b.currency, b.source, b.cancelled_by, b.cancel_reason,
          b.notes, b.guest_name, b.attendance_confirmed_at is not null as attendance_confirmed, b.series_id,
          s.name as service_name, s.translations as service_translations, (s.requires_approval or bz.approval_required) as needs_approval,
          m.name as staff_name, m.translations as staff_translations,
          c.name as customer_name, c.phone as customer_phone, c.reminders_off as customer_reminders_off,
          bz.time_zone, bz.slug as business_slug, bz.default_locale,
          (extract(epoch from bz.message_templates_changed_at) * 1000)::float8 as templates_stamp,
          p.code as promo_code
     from booking b
     join business bz on bz.id = b.business_id
     join service s on s.id = b.service_id and s.business_id = b.business_id
     join staff_member m on m.id = b.staff_member_id and m.business_id = b.business_id
     join customer c on c.id = b.customer_id and c.business_id = b.business_id
     left join promo_code p on p.id = b.promo_code_id and p.business_id = b.business_id
    where b.business_id = :businessId and b.id = :bookingId`,
);
