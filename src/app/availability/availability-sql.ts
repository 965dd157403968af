import { z } from 'zod';
import { acrossBusinessesSql, businessSql } from '../../db/sql-statement.ts';

// The statuses that hold time (BookedTime['status']).
const ACTIVE_STATUSES = ['held', 'pending', 'confirmed'] as const;

/**
 * The availability loader's two statements (`load-availability.ts`): the business's
 * facts as one JSON row, then the active bookings. Named parameters; every tenant
 * table filtered by `:businessId`.
 */
// The business's facts for one service (and one specialist or all who do it), each part
// a JSON value: shared by the two statements below.
const FACTS_WITH = `
with svc as (
  select id, duration_minutes, buffer_before_minutes, buffer_after_minutes, price_minor, currency, capacity,
         requires_resource_kind, deposit_kind, deposit_value
    from service where id = :serviceId and business_id = :businessId and active
), st as (
  select sm.id, sm.time_zone, sm.daily_booking_cap, sm.position
    from staff_member sm join staff_member_service ss on ss.staff_member_id = sm.id
   where sm.business_id = :businessId and sm.active and ss.service_id = (select id from svc) and (:staffId::uuid is null or sm.id = :staffId::uuid)
), capacity_lock as (
  -- Counted capacity is serialised per transaction: shared resources per kind first,
  -- then group seats per service (VALUES rows are taken in order: no crosswise waits).
  select k from (values
    (1, (select 'capacity:' || :businessId::text || ':kind:' || svc.requires_resource_kind from svc
          where exists (select 1 from resource r where r.business_id = :businessId and r.kind = svc.requires_resource_kind and r.capacity > 1))),
    (2, (select 'capacity:' || :businessId::text || ':service:' || svc.id from svc where svc.capacity > 1))
  ) as v(o, k) where k is not null and :lockCapacity::boolean
)`;
const FACTS_COLUMNS = `
  pg_current_snapshot()::text as snapshot,
  (select row_to_json(b) from (select id, time_zone, min_notice_minutes, booking_horizon_days, slot_step_minutes, hold_minutes from business where id = :businessId) b) as business,
  (select row_to_json(c) from (select id, blocked from customer where id = :customerId::uuid and business_id = :businessId) c) as customer,
  (select row_to_json(svc) from svc) as service,
  (select coalesce(json_agg(json_build_object('id', id, 'time_zone', time_zone, 'daily_booking_cap', daily_booking_cap) order by position, id), '[]') from st) as staff,
  (select coalesce(json_agg(json_build_object('staff_member_id', staff_member_id, 'weekday', weekday, 'start_minute', start_minute, 'end_minute', end_minute)
                            order by staff_member_id, weekday, start_minute), '[]')
     from working_hours where business_id = :businessId and staff_member_id in (select id from st)) as hours,
  (select coalesce(json_agg(json_build_object('staff_member_id', staff_member_id, 'date', date, 'intervals', intervals)), '[]')
     from date_override where business_id = :businessId and (staff_member_id is null or staff_member_id in (select id from st)) and date between :fromDate::date and :toDate::date) as overrides,
  (select coalesce(json_agg(json_build_object('staff_member_id', staff_member_id, 'starts_at', extract(epoch from starts_at) * 1000, 'ends_at', extract(epoch from ends_at) * 1000)), '[]')
     from (select staff_member_id, starts_at, ends_at from time_off
            where business_id = :businessId and (staff_member_id is null or staff_member_id in (select id from st)) and starts_at < :to and ends_at > :from
           union all
           -- Busy times from the specialists own calendars (src/app/calendars) block like time off.
           select staff_member_id, starts_at, ends_at from external_busy
            where business_id = :businessId and staff_member_id in (select id from st) and starts_at < :to and ends_at > :from) blocked) as time_off,
  (select coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'capacity', capacity, 'status', status) order by name, id), '[]')
     from resource where business_id = :businessId and kind = (select requires_resource_kind from svc)) as resources`;

/** The parameters of the facts statements. */
interface FactsParams {
  businessId: string;
  serviceId: string;
  staffId: string | null;
  lockCapacity: boolean;
  customerId: string | null;
  fromDate: string;
  toDate: string;
  from: Date;
  to: Date;
}

/** The business's facts as one JSON row, after taking the capacity locks when asked (`locked`: how many). */
export const AVAILABILITY_FACTS = businessSql<FactsParams>(
  'availability.facts',
  `${FACTS_WITH}
select
  (select count(pg_advisory_xact_lock(hashtext(k)))::int from capacity_lock) as locked,${FACTS_COLUMNS}`,
);

// Thousands of rows can come back for a month of "any specialist", and decoding rows
// dominates the cost, so each row is kept small: the staff member as a 1-based
// position in the candidate list, the service as "is it this one", buffers as whole
// minutes, instants as epoch-ms float8; a booking's own id only where the engine
// needs it (group seats, resource use). Each half of the union can use its
// no-overlap exclusion index (gist on the owner and the blocked range, active only).
const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const MINUTES = (interval: string) => `(extract(epoch from ${interval}) / 60)::int`;
const bookingColumns = (staffIds: string) => `array_position(${staffIds}, staff_member_id) as staff_no,
  case when group_session_key is not null or resource_id is not null then id end as id,
  service_id = :serviceId::uuid as same_service, resource_id, status, group_session_key, seats,
  case when group_session_key is not null then service_id end as group_service_id,
  case when group_session_key is not null then staff_member_id end as group_staff_id,
  ${MS('starts_at')} as starts_at, ${MS('ends_at')} as ends_at,
  ${MINUTES('starts_at - blocked_from')} as before_min, ${MINUTES('blocked_until - ends_at')} as after_min, ${MS('hold_expires_at')} as hold_expires_at`;
const activeInRange = (range: string) => `business_id = :businessId and status in ('held', 'pending', 'confirmed') and tstzrange(blocked_from, blocked_until, '[)') && ${range}
  and id is distinct from :ignoreBookingId::uuid`;
const activeBookings = (staffIds: string, resourceIds: string, range = `tstzrange(:from, :to, '[)')`) => `
select ${bookingColumns(staffIds)} from booking where ${activeInRange(range)} and staff_member_id = any(${staffIds})
union all
select ${bookingColumns(staffIds)} from booking where ${activeInRange(range)} and resource_id = any(${resourceIds}) and not (staff_member_id = any(${staffIds}))`;

/** The active bookings of the candidate staff and of the service's resources in a range, each row small. */
export const ACTIVE_BOOKINGS = businessSql<
  { businessId: string; serviceId: string; staffIds: string; resourceIds: string; from: Date; to: Date; ignoreBookingId: string | null },
  BookingRow
>('availability.active-bookings', activeBookings(':staffIds::uuid[]', ':resourceIds::uuid[]'));

/**
 * The facts and the active bookings in one round trip, for a slot (a booking use case)
 * or up to a week of slots: the bookings come as one JSON array, fine for the rows of a
 * few days (a month of them decodes faster as rows: {@link ACTIVE_BOOKINGS}). It takes no
 * lock: all of it is read in one snapshot, taken before any lock could be. `locks_needed`
 * says the service counts capacity (group seats, shared resources): a caller that must
 * lock then reads again with {@link AVAILABILITY_FACTS} and {@link ACTIVE_BOOKINGS}.
 */
export const SLOT_FACTS = businessSql<FactsParams & { ignoreBookingId: string | null; aroundSlot: boolean; slotFrom: Date; slotTo: Date }>(
  'availability.slot-facts',
  `${FACTS_WITH}, ids as (
  select coalesce((select array_agg(id order by position, id) from st), '{}') as staff_ids,
         coalesce((select array_agg(id) from resource where business_id = :businessId and kind = (select requires_resource_kind from svc)), '{}') as resource_ids
), around as (
  -- One specialist with no daily cap needs only the bookings in the way of the slot: no day
  -- is counted (no cap to reach, no one else to share the day with).
  select :aroundSlot::boolean and :staffId::uuid is not null and not exists (select 1 from st where daily_booking_cap is not null) as narrowed,
         tstzrange(:slotFrom::timestamptz - make_interval(mins => svc.buffer_before_minutes),
                   :slotTo::timestamptz + make_interval(mins => svc.duration_minutes + svc.buffer_after_minutes), '[)') as slot_range
    from svc
)
select
  (select count(*) from capacity_lock)::int as locks_needed,${FACTS_COLUMNS},
  coalesce((select narrowed from around), false) as narrowed,
  (select coalesce(json_agg(active), '[]') from (${activeBookings(
    '(select staff_ids from ids)::uuid[]',
    '(select resource_ids from ids)::uuid[]',
    `(select case when narrowed then slot_range else tstzrange(:from, :to, '[)') end from around)`,
  )}) active) as bookings`,
);

/**
 * One active booking as {@link ACTIVE_BOOKINGS} returns it (and {@link SLOT_FACTS} in its
 * `bookings` array): read by this schema in both, so the row is described once.
 */
export const ActiveBookingRow = z.object({
  staff_no: z.number().nullable(),
  id: z.string().nullable(),
  same_service: z.boolean(),
  resource_id: z.string().nullable(),
  status: z.enum(ACTIVE_STATUSES),
  group_session_key: z.string().nullable(),
  seats: z.number(),
  /** Set for group seats only: the engine tells sessions apart by service, staff and start. */
  group_service_id: z.string().nullable(),
  group_staff_id: z.string().nullable(),
  starts_at: z.number(),
  ends_at: z.number(),
  before_min: z.number(),
  after_min: z.number(),
  hold_expires_at: z.number().nullable(),
});

/** One active booking row ({@link ActiveBookingRow}). */
export type BookingRow = z.output<typeof ActiveBookingRow>;

/**
 * Whether anything the slots of the business depend on changed in a transaction that
 * committed after `snapshot` (one taken by the facts statements above): the rows the
 * availability triggers wrote (migration `availability_changes`) that this statement
 * sees and that snapshot did not.
 */
export const AVAILABILITY_CHANGED_SINCE = businessSql<{ businessId: string; snapshot: string }, { changed: boolean }>(
  'availability.changed-since',
  `select exists (
     select 1 from availability_change
      where business_id = :businessId
        and xid >= pg_snapshot_xmin(:snapshot::pg_snapshot)::text::bigint
        and not pg_visible_in_snapshot(xid::text::xid8, :snapshot::pg_snapshot)
   ) as changed`,
);

/**
 * Drops the logged availability changes older than `keepMs`, by the database's clock:
 * the triggers stamp the rows with it too.
 */
export const PRUNE_AVAILABILITY_CHANGES = acrossBusinessesSql<{ keepMs: number }>(
  'availability.prune-changes',
  'the log of changes is pruned by age for every business at once',
  `delete from availability_change where changed_at < now() - make_interval(secs => :keepMs::float8 / 1000)`,
);
