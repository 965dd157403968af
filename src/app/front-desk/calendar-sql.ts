// The desk calendar's one statement (see `db/sql-statement.ts`): everything a day or a
// week of the team's calendar shows, as one JSON row. Every tenant table is filtered
// by `:businessId`.
import { businessSql } from '../../db/sql-statement.ts';

const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** The business's zone: the calendar's range is worked out in it before its facts are read. */
export const CALENDAR_ZONE = businessSql<{ businessId: string }, { time_zone: string }>('front-desk.calendar-zone', 'select time_zone from business where id = :businessId');

/**
 * The business's zone, its active specialists and resources (in their order), their
 * weekly hours, the date overrides and time off touching the range, and the bookings in
 * it that anyone would look for (cancelled ones and lapsed holds are left out). A week
 * of one lane names it (`staffLane` or `resourceLane`): then only that lane's bookings,
 * hours, overrides and time off are read (the business's own overrides and time off
 * too); null reads every lane's.
 */
export const CALENDAR_FACTS = businessSql<{ businessId: string; from: Date; until: Date; fromDate: string; toDate: string; now: Date; staffLane: string | null; resourceLane: string | null }>(
  'front-desk.calendar',
  `select
  (select time_zone from business where id = :businessId) as time_zone,
  (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'time_zone', time_zone) order by position, name, id), '[]')
     from staff_member where business_id = :businessId and active) as staff,
  (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'status', status) order by name, id), '[]')
     from resource where business_id = :businessId) as resources,
  (select coalesce(json_agg(json_build_object('staff_id', staff_member_id, 'weekday', weekday, 'start_minute', start_minute, 'end_minute', end_minute)
                            order by staff_member_id, weekday, start_minute), '[]')
     from working_hours where business_id = :businessId and staff_member_id is not null
      and (:staffLane::uuid is null or staff_member_id = :staffLane::uuid)) as hours,
  (select coalesce(json_agg(json_build_object('staff_id', staff_member_id, 'date', date, 'intervals', intervals)), '[]')
     from date_override where business_id = :businessId and date between :fromDate::date and :toDate::date
      and (:staffLane::uuid is null or staff_member_id is null or staff_member_id = :staffLane::uuid)) as overrides,
  (select coalesce(json_agg(json_build_object('id', id, 'staff_id', staff_member_id, 'starts_at', ${MS('starts_at')}, 'ends_at', ${MS('ends_at')}, 'reason', reason)), '[]')
     from time_off where business_id = :businessId and starts_at < :until and ends_at > :from
      and (:staffLane::uuid is null or staff_member_id is null or staff_member_id = :staffLane::uuid)) as time_off,
  (select coalesce(json_agg(json_build_object(
            'id', b.id, 'staff_id', b.staff_member_id, 'resource_id', b.resource_id, 'status', b.status, 'awaiting', b.awaiting,
            'starts_at', ${MS('b.starts_at')}, 'ends_at', ${MS('b.ends_at')}, 'service', s.name, 'customer', c.name, 'guest', b.guest_name)
            order by b.starts_at, b.id), '[]')
     from booking b
     join service s on s.id = b.service_id and s.business_id = :businessId
     join customer c on c.id = b.customer_id and c.business_id = :businessId
    where b.business_id = :businessId and b.starts_at < :until and b.ends_at > :from
      -- A booking lasts at most 24 hours (booking_length_in_a_day): a lower bound on starts_at
      -- lets the index read the days shown, not the whole history before them. Hours, not a
      -- day: a day in the session zone may be 23 hours long.
      and b.starts_at > :from::timestamptz - interval '24 hours'
      and (:staffLane::uuid is null or b.staff_member_id = :staffLane::uuid)
      and (:resourceLane::uuid is null or b.resource_id = :resourceLane::uuid)
      and b.status <> 'cancelled' and (b.status <> 'held' or b.hold_expires_at > :now)) as bookings`,
);
