// Hand-written SQL of the front desk (see `db/sql-statement.ts`): the panel's lists of
// bookings, filtered and paged by keyset, read in one statement each. Every tenant
// table a statement names is filtered by `:businessId`.
import { businessSql } from '../../db/sql-statement.ts';

/** The filters and keyset of {@link DESK_BOOKINGS}; a null filter matches everything. */
export interface DeskQueryParams {
  businessId: string;
  from: Date;
  until: Date;
  staffId: string | null;
  serviceId: string | null;
  status: string | null;
  awaiting: string | null;
  source: string | null;
  /**
   * Lowercased `%text%` for the customer name, guest name or phone; null: no search.
   * Names are lowercased with ICU: the C locale of the embedded server lowercases ASCII only.
   */
  nameLike: string | null;
  /** `%digits%` of a phone search; null when the search has no digits. */
  phoneLike: string | null;
  afterStartsAt: Date | null;
  afterId: string | null;
  limit: number;
}

// The columns every desk list shows, and whether a paid payment exists for the booking.
const DESK_COLUMNS = `
  b.id, b.starts_at, b.ends_at, b.status, b.awaiting, b.source, b.campaign, b.guest_name, b.notes,
  b.price_minor, b.discount_minor, b.deposit_minor, b.currency, b.attendance_confirmed_at, b.series_id,
  b.version, b.cancel_reason, b.payment_due_at, b.created_at,
  s.id as service_id, s.name as service_name, m.id as staff_id, m.name as staff_name,
  c.id as customer_id, c.name as customer_name, c.phone as customer_phone, c.reminders_off,
  exists (select 1 from payment p where p.business_id = :businessId and p.booking_id = b.id and p.status = 'paid') as paid`;

const DESK_JOINS = `
  join service s on s.id = b.service_id and s.business_id = :businessId
  join staff_member m on m.id = b.staff_member_id and m.business_id = :businessId
  join customer c on c.id = b.customer_id and c.business_id = :businessId`;

/**
 * A page of bookings starting in [from, until), in time order, after the keyset
 * (`afterStartsAt`, `afterId`), narrowed by the filters that are not null. Expired holds
 * are not bookings anyone made: held rows are left out unless asked for by status.
 */
export const DESK_BOOKINGS = businessSql<DeskQueryParams>(
  'front-desk.bookings',
  `select ${DESK_COLUMNS}
     from booking b ${DESK_JOINS}
    where b.business_id = :businessId
      and b.starts_at >= :from and b.starts_at < :until
      and (:staffId::uuid is null or b.staff_member_id = :staffId::uuid)
      and (:serviceId::uuid is null or b.service_id = :serviceId::uuid)
      and (case when :status::text is null then b.status <> 'held' else b.status = :status::text end)
      and (:awaiting::text is null or b.awaiting = :awaiting::text)
      and (:source::text is null or b.source = :source::text)
      and (:nameLike::text is null
           or lower(c.name collate "und-x-icu") like :nameLike::text
           or lower(coalesce(b.guest_name, '') collate "und-x-icu") like :nameLike::text
           or (:phoneLike::text is not null and c.phone like :phoneLike::text))
      and (:afterStartsAt::timestamptz is null or (b.starts_at, b.id) > (:afterStartsAt::timestamptz, :afterId::uuid))
    order by b.starts_at, b.id
    limit :limit`,
);

/**
 * What needs someone today whatever its date: bookings waiting for the business's
 * approval or for a deposit, soonest first.
 */
export const DESK_ATTENTION = businessSql<{ businessId: string; limit: number }>(
  'front-desk.attention',
  `select ${DESK_COLUMNS}
     from booking b ${DESK_JOINS}
    where b.business_id = :businessId and b.status = 'pending'
    order by b.starts_at, b.id
    limit :limit`,
);

/**
 * A mark that moves whenever a booking or payment of the business changes (every change
 * bumps `updated_at`; a new row is a change too): the Today page polls with it and
 * redraws only when it moved. Both maxima are read from `(business_id, updated_at)` indexes.
 */
export const DESK_STAMP = businessSql<{ businessId: string }>(
  'front-desk.stamp',
  `select
     (select max(b.updated_at) from booking b where b.business_id = :businessId) as bookings,
     (select max(p.updated_at) from payment p where p.business_id = :businessId) as payments`,
);

/** One booking of the business with what the desk shows of it (none for another business id). */
export const DESK_BOOKING = businessSql<{ businessId: string; bookingId: string }>(
  'front-desk.booking',
  `select ${DESK_COLUMNS}
     from booking b ${DESK_JOINS}
    where b.business_id = :businessId and b.id = :bookingId::uuid`,
);
