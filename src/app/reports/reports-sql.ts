// Hand-written SQL of the reports (see `db/sql-statement.ts`). Every aggregation runs
// in PostgreSQL: Node receives one row per day, service, staff member or hour, never
// the bookings themselves. Every statement takes the range as instants
// [:from, :to) and the business zone (:zone) to read local days and hours.
//
// Statuses, the same in every report:
// - a booking counts when it is not a hold (held rows are a customer choosing);
// - booked visits: pending, confirmed, completed, no_show (not cancelled);
// - revenue: completed and confirmed visits, past or not, price minus discount;
// - booked minutes (utilisation): the time of booked visits.
import { businessSql } from '../../db/sql-statement.ts';

type RangeParams = { businessId: string; zone: string; from: Date; to: Date };
type InstantParams = Omit<RangeParams, 'zone'>;

const IN_RANGE = `b.business_id = :businessId and b.starts_at >= :from and b.starts_at < :to and b.status <> 'held'`;
const REVENUE = `b.status in ('completed', 'confirmed')`;
const BOOKED = `b.status <> 'cancelled'`;
const NET = 'b.price_minor - b.discount_minor';

/** Per local day: booked visits, cancellations, no-shows, completed visits and revenue. */
export const REPORT_DAYS = businessSql<RangeParams, { day: string; booked: number; cancelled: number; no_shows: number; completed: number; revenue: number }>(
  'reports.days',
  `select to_char((b.starts_at at time zone :zone)::date, 'YYYY-MM-DD') as day,
          count(*) filter (where ${BOOKED})::int as booked,
          count(*) filter (where b.status = 'cancelled')::int as cancelled,
          count(*) filter (where b.status = 'no_show')::int as no_shows,
          count(*) filter (where b.status = 'completed')::int as completed,
          coalesce(sum(${NET}) filter (where ${REVENUE}), 0)::float8 as revenue
     from booking b
    where ${IN_RANGE}
    group by 1
    order by 1`,
);

/** Booked visits per ISO weekday (1 = Monday) and local hour of their start. */
export const REPORT_HEATMAP = businessSql<RangeParams, { weekday: number; hour: number; bookings: number }>(
  'reports.heatmap',
  `select extract(isodow from (b.starts_at at time zone :zone))::int as weekday,
          extract(hour from (b.starts_at at time zone :zone))::int as hour,
          count(*)::int as bookings
     from booking b
    where ${IN_RANGE} and ${BOOKED}
    group by 1, 2`,
);

/** Booked visits by where they came from (`source`, one row each) and by campaign (null: none), told apart by `dimension`. */
export const REPORT_CHANNELS = businessSql<RangeParams, { dimension: 'source' | 'campaign'; key: string | null; bookings: number }>(
  'reports.channels',
  `select case when grouping(b.source) = 0 then 'source' else 'campaign' end as dimension,
          case when grouping(b.source) = 0 then b.source::text else b.campaign end as key,
          count(*)::int as bookings
     from booking b
    where ${IN_RANGE} and ${BOOKED}
    group by grouping sets ((b.source), (b.campaign))
    order by 1, 3 desc`,
);

/** Per service, and per staff member (told apart by `dimension`): booked visits, revenue visits and revenue, with their names. */
export const REPORT_SERVICES_STAFF = businessSql<
  RangeParams,
  { dimension: 'service' | 'staff'; id: string; name: string | null; booked: number; paid_visits: number; revenue: number; cancelled: number }
>(
  'reports.services-staff',
  `with totals as (
     select b.service_id, b.staff_member_id, grouping(b.service_id) as by_staff,
            count(*) filter (where ${BOOKED})::int as booked,
            count(*) filter (where b.status = 'cancelled')::int as cancelled,
            count(*) filter (where ${REVENUE})::int as paid_visits,
            coalesce(sum(${NET}) filter (where ${REVENUE}), 0)::float8 as revenue
       from booking b
      where ${IN_RANGE}
      group by grouping sets ((b.service_id), (b.staff_member_id)))
   select case when t.by_staff = 0 then 'service' else 'staff' end as dimension,
          coalesce(t.service_id, t.staff_member_id)::text as id,
          coalesce(s.name, m.name) as name, t.booked, t.paid_visits, t.revenue, t.cancelled
     from totals t
     left join service s on s.id = t.service_id and s.business_id = :businessId
     left join staff_member m on m.id = t.staff_member_id and m.business_id = :businessId
    order by 1, t.revenue desc, t.booked desc`,
);

/**
 * Customers with a booked visit in the range: `new` when their first booked visit ever
 * (not cancelled, not a hold) falls in the range, `returning` when they came before.
 */
export const REPORT_CUSTOMERS = businessSql<RangeParams, { new_customers: number; returning_customers: number }>(
  'reports.customers',
  `with seen as (
     select distinct b.customer_id
       from booking b
      where ${IN_RANGE} and ${BOOKED}),
   firsts as (
     select min(f.starts_at) as first_at
       from booking f
       join seen on seen.customer_id = f.customer_id
      where f.business_id = :businessId and f.status not in ('held', 'cancelled')
      group by f.customer_id)
   select count(*) filter (where first_at >= :from)::int as new_customers,
          count(*) filter (where first_at < :from)::int as returning_customers
     from firsts`,
);

/** Per staff member: booked minutes, minutes and number of completed visits, revenue. */
export const REPORT_STAFF_WORK = businessSql<RangeParams, { staff_member_id: string; booked_minutes: number; worked_minutes: number; visits: number; revenue: number }>(
  'reports.staff-work',
  `select b.staff_member_id::text as staff_member_id,
          coalesce(sum(extract(epoch from (b.ends_at - b.starts_at)) / 60) filter (where ${BOOKED}), 0)::float8 as booked_minutes,
          coalesce(sum(extract(epoch from (b.ends_at - b.starts_at)) / 60) filter (where b.status = 'completed'), 0)::float8 as worked_minutes,
          count(*) filter (where b.status = 'completed')::int as visits,
          coalesce(sum(${NET}) filter (where ${REVENUE}), 0)::float8 as revenue
     from booking b
    where ${IN_RANGE}
    group by b.staff_member_id`,
);

/** Each staff member's average rating and number of reviews written in the range. */
export const REPORT_STAFF_RATINGS = businessSql<InstantParams, { staff_member_id: string; average: number; reviews: number }>(
  'reports.staff-ratings',
  `select r.staff_member_id::text as staff_member_id, avg(r.rating)::float8 as average, count(*)::int as reviews
     from review r
    where r.business_id = :businessId and r.created_at >= :from and r.created_at < :to
    group by r.staff_member_id`,
);

/**
 * Money received per way of paying (Stripe, Kaspi, cash): payments paid in the range,
 * net of what was refunded since.
 */
export const REPORT_PAYMENT_METHODS = businessSql<InstantParams, { provider: string; payments: number; received: number; refunded: number }>(
  'reports.payment-methods',
  `select p.provider::text as provider, count(*)::int as payments,
          coalesce(sum(p.amount_minor - p.refunded_minor), 0)::float8 as received,
          coalesce(sum(p.refunded_minor), 0)::float8 as refunded
     from payment p
    where p.business_id = :businessId and p.paid_at >= :from and p.paid_at < :to
      and p.status in ('paid', 'partially_refunded', 'refunded')
    group by p.provider
    order by 3 desc`,
);

type DayParams = { businessId: string; fromDate: string; toDate: string };

/** Expenses per category over local days [:fromDate, :toDate]. */
export const REPORT_EXPENSE_CATEGORIES = businessSql<DayParams, { category: string; entries: number; amount: number }>(
  'reports.expense-categories',
  `select e.category, count(*)::int as entries, sum(e.amount_minor)::float8 as amount
     from expense e
    where e.business_id = :businessId and e.spent_on >= :fromDate::date and e.spent_on <= :toDate::date
    group by e.category
    order by 3 desc`,
);

/**
 * Revenue and expenses per period (`:unit` is `day` or `month`), the first local day of
 * each period as its key; a period with either shows up.
 */
export const REPORT_PROFIT = businessSql<RangeParams & DayParams & { unit: 'day' | 'month' }, { period: string; revenue: number; expenses: number }>(
  'reports.profit',
  `with earned as (
     select date_trunc(:unit::text, b.starts_at at time zone :zone)::date as period, sum(${NET})::float8 as revenue
       from booking b
      where ${IN_RANGE} and ${REVENUE}
      group by 1),
   spent as (
     select date_trunc(:unit::text, e.spent_on::timestamp)::date as period, sum(e.amount_minor)::float8 as expenses
       from expense e
      where e.business_id = :businessId and e.spent_on >= :fromDate::date and e.spent_on <= :toDate::date
      group by 1)
   select to_char(coalesce(earned.period, spent.period), 'YYYY-MM-DD') as period,
          coalesce(earned.revenue, 0)::float8 as revenue, coalesce(spent.expenses, 0)::float8 as expenses
     from earned
     full join spent on spent.period = earned.period
    order by 1`,
);

/**
 * Revenue per local day, service and staff member, for the CSV export: one row each,
 * in day, service and staff order, read through a cursor.
 */
export const REVENUE_ROWS = businessSql<RangeParams, { day: string; service: string; staff: string; visits: number; revenue: number }>(
  'reports.revenue-rows',
  `select to_char(t.day, 'YYYY-MM-DD') as day, s.name as service, m.name as staff, t.visits, t.revenue
     from (select (b.starts_at at time zone :zone)::date as day, b.service_id, b.staff_member_id,
                  count(*)::int as visits, sum(${NET})::float8 as revenue
             from booking b
            where ${IN_RANGE} and ${REVENUE}
            group by 1, 2, 3) t
     join service s on s.id = t.service_id and s.business_id = :businessId
     join staff_member m on m.id = t.staff_member_id and m.business_id = :businessId
    order by t.day, s.name, m.name`,
);
