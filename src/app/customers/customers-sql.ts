// Hand-written SQL of the customers capability (see `db/sql-statement.ts`), for what
// the ORM cannot say well. Every tenant table a statement names is filtered by
// `:businessId`.
import { businessSql } from '../../db/sql-statement.ts';

// A customer card's columns (alias c), as `CustomerCardColumns` in customer-view.ts reads them.
const CARD_COLUMN_NAMES = ['id', 'name', 'phone', 'email', 'locale', 'notes', 'tags', 'preferences', 'no_show_count', 'blocked'];
const CARD_COLUMNS = CARD_COLUMN_NAMES.map((column) => `c.${column}`).join(', ');

/** Queued (not yet sent) notifications of a merged card name the surviving customer. */
export const MOVE_QUEUED_NOTIFICATIONS = businessSql<{ businessId: string; fromCustomerId: string; intoCustomerId: string }>(
  'customers.move-queued-notifications',
  `update outbox_message o set payload = jsonb_set(o.payload, '{customerId}', to_jsonb(:intoCustomerId::text))
    where o.business_id = :businessId and o.status = 'pending' and o.payload->>'customerId' = :fromCustomerId`,
);

/**
 * The service and specialist of a customer's latest visit that has begun (confirmed or
 * completed), when the two can still be booked together: the service active, the
 * specialist active and still offering it. None when they cannot (an older visit is
 * not what "again" means).
 */
export const LAST_VISIT = businessSql<{ businessId: string; customerId: string; now: Date }>(
  'customers.last-visit',
  `with latest as (
     select b.service_id, b.staff_member_id from booking b
      where b.business_id = :businessId and b.customer_id = :customerId
        and b.status in ('confirmed', 'completed') and b.starts_at <= :now
      order by b.starts_at desc
      limit 1)
   select s.id as service_id, s.name as service_name, m.id as staff_id, m.name as staff_name
     from latest l
     join service s on s.id = l.service_id and s.business_id = :businessId and s.active
     join staff_member m on m.id = l.staff_member_id and m.business_id = :businessId and m.active
     join staff_member_service x on x.staff_member_id = m.id and x.service_id = s.id`,
);

/** The parameters of a customer search: each filter is off when null (see {@link CUSTOMER_PAGE}). */
type CustomerSearchParams = { businessId: string; namePattern: string | null; phoneDigits: string | null; tag: string | null };

// The cards of the business (alias c) that match a search: the list and its CSV share it.
const CUSTOMER_MATCHES = `c.business_id = :businessId
        and (:namePattern::text is null or lower(c.name collate "und-x-icu") like :namePattern)
        and (:phoneDigits::text is null or substr(c.phone, 2) like :phoneDigits)
        and (:tag::text is null or c.tags @> array[:tag::text]::text[])`;

/**
 * One page of the business's customers matching a search, by name (ICU order) then id: the
 * matches come first (limited), and only then their bookings are counted (through
 * `booking_customer_idx`), so a page costs the same however long the list is. Each
 * filter is off when its parameter is null: `namePattern` is a LIKE pattern in lower case,
 * `phoneDigits` a LIKE pattern over the number without its plus, `tag` one tag the
 * card must carry. Names are lower-cased by ICU: the embedded server runs in the C
 * locale, where lower() and ILIKE leave Cyrillic letters as they are.
 */
export const CUSTOMER_PAGE = businessSql<CustomerSearchParams & { now: Date; limit: number; offset: number }>(
  'customers.page',
  `with page as (
     select c.id, c.name, c.phone, c.tags, c.blocked
       from customer c
      where ${CUSTOMER_MATCHES}
      order by c.name collate "und-x-icu", c.id
      limit :limit offset :offset)
   select p.id, p.name, p.phone, p.tags, p.blocked,
          coalesce((select array_agg(distinct i.channel::text order by i.channel::text) from channel_identity i
                     where i.business_id = :businessId and i.customer_id = p.id), '{}') as channels,
          coalesce(v.visits, 0) as visits, coalesce(v.no_shows, 0) as no_shows, v.last_visit
     from page p
     left join lateral (
       select count(*) filter (where b.status = 'completed')::int as visits,
              count(*) filter (where b.status = 'no_show')::int as no_shows,
              max(b.starts_at) filter (where b.status in ('confirmed', 'completed') and b.starts_at <= :now) as last_visit
         from booking b
        where b.business_id = :businessId and b.customer_id = p.id) v on true
    order by p.name collate "und-x-icu", p.id`,
);

/** A customer as the CSV export writes them. */
export interface CustomerExportSqlRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  tags: string[];
  channels: string[];
  visits: number;
  no_shows: number;
  last_visit: Date | null;
  blocked: boolean;
  reminders_off: boolean;
  created_at: Date;
}

/**
 * Every customer matching a search, in the list's order, with the list's counts and
 * what else the CSV export writes; read through a cursor (`streamSql`), so the result
 * never sits in memory whatever the number of customers.
 */
export const CUSTOMERS_EXPORT = businessSql<CustomerSearchParams & { now: Date }, CustomerExportSqlRow>(
  'customers.export',
  `select c.id, c.name, c.phone, c.email, c.tags, c.blocked, c.reminders_off, c.created_at,
          coalesce((select array_agg(distinct i.channel::text order by i.channel::text) from channel_identity i
                     where i.business_id = :businessId and i.customer_id = c.id), '{}') as channels,
          coalesce(v.visits, 0) as visits, coalesce(v.no_shows, 0) as no_shows, v.last_visit
     from customer c
     left join lateral (
       select count(*) filter (where b.status = 'completed')::int as visits,
              count(*) filter (where b.status = 'no_show')::int as no_shows,
              max(b.starts_at) filter (where b.status in ('confirmed', 'completed') and b.starts_at <= :now) as last_visit
         from booking b
        where b.business_id = :businessId and b.customer_id = c.id) v on true
    where ${CUSTOMER_MATCHES}
    order by c.name collate "und-x-icu", c.id`,
);

/** Every tag the business has put on a customer card, for the search tag list. */
export const CUSTOMER_TAGS = businessSql<{ businessId: string }>(
  'customers.tags',
  `select distinct t.tag from customer c cross join lateral unnest(c.tags) as t(tag)
    where c.business_id = :businessId order by t.tag limit 500`,
);

/**
 * A customer names themselves in a chat: the name changes and, when it did change, the
 * audit entry is written (`customer.updated`, as `updateCustomer` records it) — one
 * statement, all or none. Returns the card as it was read (the name before the change;
 * no row: no such customer in this business).
 */
export const RENAME_CUSTOMER = businessSql<{ businessId: string; customerId: string; name: string; audit: string }, Record<string, unknown>>(
  'customers.rename',
  `with card as (
     select ${CARD_COLUMNS} from customer c where c.business_id = :businessId and c.id = :customerId
   ), renamed as (
     update customer c set name = :name
      where c.business_id = :businessId and c.id = :customerId and c.name is distinct from :name
      returning c.id
   ), audit as (
     insert into audit_entry (id, business_id, actor_kind, actor_id, action, entity_type, entity_id, details, created_at)
     select a.id, a.business, a."actorKind", a."actorId", a.action, a."entityType", a."entityId", a.details, a."createdAt"
       from json_to_record(:audit::json) as a(id uuid, business uuid, "actorKind" text, "actorId" text, action text, "entityType" text,
            "entityId" text, details jsonb, "createdAt" timestamptz)
      where a.business = :businessId and exists (select 1 from renamed)
   )
   select card.* from card`,
);

/** One customer card (`customerCard`): the columns `CustomerCardColumns` reads. */
export const CUSTOMER_CARD = businessSql<{ businessId: string; customerId: string }, Record<string, unknown>>(
  'customers.card',
  `select ${CARD_COLUMNS} from customer c where c.business_id = :businessId and c.id = :customerId`,
);

/**
 * A customer's phone is set in one statement when no other card of the business has the
 * number (`owned` false: done, `updated` true); when one has, nothing changes and the
 * caller decides (merge, or ask to verify). Setting the number the card already has only
 * raises its trust when this time it is proven. Returns the card as read before the change
 * (no row: no such customer).
 */
export const SET_UNOWNED_PHONE = businessSql<{ businessId: string; customerId: string; phone: string; verified: boolean }, Record<string, unknown>>(
  'customers.set-unowned-phone',
  `with card as (
     select ${CARD_COLUMNS} from customer c where c.business_id = :businessId and c.id = :customerId
   ), owner as (
     select o.id from customer o where o.business_id = :businessId and o.phone = :phone and o.id <> :customerId
   ), updated as (
     update customer c
        set phone = :phone, phone_trusted = case when c.phone = :phone then c.phone_trusted or :verified else :verified end
      where c.business_id = :businessId and c.id = :customerId and not exists (select 1 from owner)
      returning c.id
   )
   select card.*, exists (select 1 from owner) as owned, exists (select 1 from updated) as updated from card`,
);

/**
 * The card of the customer behind a chat identity that brought no phone number, or a new
 * customer for it, in one statement: when the identity is unknown, the card, the
 * identity that leads to it and the `customer.created` notification (its row built by
 * `notificationRow`) are written. `created` says which. Two first messages racing: the
 * loser fails on the identity's unique key and reads again, finding the winner's card.
 */
export const CHAT_CUSTOMER = businessSql<
  { businessId: string; customerId: string; name: string; phoneTrusted: boolean; locale: string | null; now: Date; channel: string; externalId: string; notice: string },
  Record<string, unknown>
>(
  'customers.of-chat',
  `with found as (
     select ${CARD_COLUMNS}
       from channel_identity i
       join customer c on c.id = i.customer_id and c.business_id = :businessId
      where i.business_id = :businessId and i.channel = :channel and i.external_id = :externalId
   ), new_customer as (
     insert into customer (id, business_id, name, phone_trusted, locale, created_at)
     select :customerId, :businessId, :name, :phoneTrusted, :locale, :now where not exists (select 1 from found)
     returning ${CARD_COLUMN_NAMES.join(', ')}
   ), identity as (
     insert into channel_identity (id, business_id, channel, external_id, customer_id, created_at)
     select gen_random_uuid(), :businessId, :channel, :externalId, n.id, :now from new_customer n
   ), notice as (
     insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, available_at, created_at)
     select o.id, o.business, o.topic, o."aggregateType", o."aggregateId", o.payload, o."dedupeKey", o."availableAt", :now
       from json_to_record(:notice::json) as o(id uuid, business uuid, topic text, "aggregateType" text, "aggregateId" text, payload jsonb,
            "dedupeKey" text, "availableAt" timestamptz)
      where o.business = :businessId and exists (select 1 from new_customer)
   )
   select found.*, false as created from found
   union all
   select new_customer.*, true as created from new_customer`,
);
