import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DAY_MS, formatMinuteOfDay, type AvailabilityInput, type BookedTime, type LocalTimeRange, type StaffSchedule, type Weekday } from '../../domain/index.ts';
import { DEPOSIT_KINDS } from '../../db/entities/index.ts';
import { NotFound } from '../shared/app-errors.ts';

/** What to load availability for. */
export interface AvailabilityQuery {
  serviceId: string;
  /** One specialist, or null for "anyone who does this service". */
  staffId: string | null;
  /** Slot starts wanted in [from, to) (epoch ms). */
  from: number;
  to: number;
  /** Leave this booking out of the busy time (rescheduling it). */
  ignoreBookingId?: string;
  /** Also report this customer (exists? blocked?) in the same round trip. */
  customerId?: string;
  /**
   * Take the transaction's capacity locks (group seats per service, shared resources
   * per kind) before the bookings are read: booking use cases set it.
   */
  lockCapacity?: boolean;
}

/** The service fields booking use cases need (price, deposit, capacity). */
export interface ServiceFacts {
  id: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  priceMinor: number;
  currency: string;
  capacity: number;
  requiresResourceKind: string | null;
  depositKind: (typeof DEPOSIT_KINDS)[number];
  depositValue: number;
}

/** The loaded facts plus the domain input built from them. */
export interface LoadedAvailability {
  business: { id: string; timeZone: string; holdMinutes: number };
  /** The asked-for customer, when `customerId` was given and exists. */
  customer: { id: string; blocked: boolean } | null;
  /** Some hold of the business has expired but is not released yet (see release-expired-holds). */
  expiredHolds: boolean;
  service: ServiceFacts;
  /** Resources of the kind the service needs, with their capacity. */
  resources: { id: string; capacity: number }[];
  input: AvailabilityInput;
  /** Group session key of each loaded booking that is a seat in one. */
  sessionKeys: ReadonlyMap<string, string>;
}

// Busy time is loaded this much beyond the range: the engine counts bookings starting
// up to two days either side (caps and fair assignment), which also covers buffers
// and service lengths (each at most a day).
const MARGIN_MS = 2 * DAY_MS;

const Interval = z.object({ startMinute: z.number().int(), endMinute: z.number().int() });
const Facts = z.object({
  business: z
    .object({ id: z.string(), time_zone: z.string(), min_notice_minutes: z.number(), booking_horizon_days: z.number(), slot_step_minutes: z.number(), hold_minutes: z.number() })
    .nullable(),
  customer: z.object({ id: z.string(), blocked: z.boolean() }).nullable(),
  locked: z.number(),
  expired_holds: z.boolean(),
  service: z
    .object({
      id: z.string(),
      duration_minutes: z.number(),
      buffer_before_minutes: z.number(),
      buffer_after_minutes: z.number(),
      price_minor: z.number(),
      currency: z.string(),
      capacity: z.number(),
      requires_resource_kind: z.string().nullable(),
      deposit_kind: z.enum(DEPOSIT_KINDS),
      deposit_value: z.number(),
    })
    .nullable(),
  staff: z.array(z.object({ id: z.string(), time_zone: z.string().nullable(), daily_booking_cap: z.number().nullable() })),
  hours: z.array(z.object({ staff_member_id: z.string(), weekday: z.number(), start_minute: z.number(), end_minute: z.number() })),
  overrides: z.array(z.object({ staff_member_id: z.string().nullable(), date: z.string(), intervals: z.array(Interval) })),
  time_off: z.array(z.object({ staff_member_id: z.string().nullable(), starts_at: z.number(), ends_at: z.number() })),
  resources: z.array(z.object({ id: z.string(), kind: z.string(), capacity: z.number(), status: z.enum(['available', 'maintenance']) })),
});

// One round trip for everything but the bookings: each part is a JSON value.
const FACTS_SQL = `
with svc as (
  select id, duration_minutes, buffer_before_minutes, buffer_after_minutes, price_minor, currency, capacity,
         requires_resource_kind, deposit_kind, deposit_value
    from service where id = ? and business_id = ? and active
), st as (
  select sm.id, sm.time_zone, sm.daily_booking_cap, sm.position
    from staff_member sm join staff_member_service ss on ss.staff_member_id = sm.id
   where sm.business_id = ? and sm.active and ss.service_id = (select id from svc) and (?::uuid is null or sm.id = ?::uuid)
), capacity_lock as (
  -- Counted capacity is serialised per transaction: shared resources per kind first,
  -- then group seats per service (VALUES rows are taken in order: no crosswise waits).
  select k from (values
    (1, (select 'capacity:' || ?::text || ':kind:' || svc.requires_resource_kind from svc
          where exists (select 1 from resource r where r.business_id = ? and r.kind = svc.requires_resource_kind and r.capacity > 1))),
    (2, (select 'capacity:' || ?::text || ':service:' || svc.id from svc where svc.capacity > 1))
  ) as v(o, k) where k is not null and ?::boolean
)
select
  (select count(pg_advisory_xact_lock(hashtext(k)))::int from capacity_lock) as locked,
  (select row_to_json(b) from (select id, time_zone, min_notice_minutes, booking_horizon_days, slot_step_minutes, hold_minutes from business where id = ?) b) as business,
  (select row_to_json(c) from (select id, blocked from customer where id = ?::uuid and business_id = ?) c) as customer,
  exists (select 1 from booking where business_id = ? and status = 'held' and hold_expires_at <= ?) as expired_holds,
  (select row_to_json(svc) from svc) as service,
  (select coalesce(json_agg(json_build_object('id', id, 'time_zone', time_zone, 'daily_booking_cap', daily_booking_cap) order by position, id), '[]') from st) as staff,
  (select coalesce(json_agg(json_build_object('staff_member_id', staff_member_id, 'weekday', weekday, 'start_minute', start_minute, 'end_minute', end_minute)
                            order by staff_member_id, weekday, start_minute), '[]')
     from working_hours where business_id = ? and staff_member_id in (select id from st)) as hours,
  (select coalesce(json_agg(json_build_object('staff_member_id', staff_member_id, 'date', date, 'intervals', intervals)), '[]')
     from date_override where business_id = ? and (staff_member_id is null or staff_member_id in (select id from st)) and date between ?::date and ?::date) as overrides,
  (select coalesce(json_agg(json_build_object('staff_member_id', staff_member_id, 'starts_at', extract(epoch from starts_at) * 1000, 'ends_at', extract(epoch from ends_at) * 1000)), '[]')
     from time_off where business_id = ? and (staff_member_id is null or staff_member_id in (select id from st)) and starts_at < ? and ends_at > ?) as time_off,
  (select coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'capacity', capacity, 'status', status) order by name, id), '[]')
     from resource where business_id = ? and kind = (select requires_resource_kind from svc)) as resources`;

// Thousands of rows can come back for a month of "any specialist", and decoding rows
// dominates the cost, so each row is kept small: the staff member as a 1-based
// position in the candidate list, the service as "is it this one", buffers as whole
// minutes, instants as epoch-ms float8; a booking's own id only where the engine
// needs it (group seats, resource use). Each half of the union can use its
// no-overlap exclusion index (gist on the owner and the blocked range, active only).
const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const MINUTES = (interval: string) => `(extract(epoch from ${interval}) / 60)::int`;
const BOOKING_COLUMNS = `array_position(?::uuid[], staff_member_id) as staff_no,
  case when group_session_key is not null or resource_id is not null then id end as id,
  service_id = ?::uuid as same_service, resource_id, status, group_session_key, seats,
  case when group_session_key is not null then service_id end as group_service_id,
  case when group_session_key is not null then staff_member_id end as group_staff_id,
  ${MS('starts_at')} as starts_at, ${MS('ends_at')} as ends_at,
  ${MINUTES('starts_at - blocked_from')} as before_min, ${MINUTES('blocked_until - ends_at')} as after_min, ${MS('hold_expires_at')} as hold_expires_at`;
const ACTIVE_IN_RANGE = `business_id = ? and status in ('held', 'pending', 'confirmed') and tstzrange(blocked_from, blocked_until, '[)') && tstzrange(?, ?, '[)')
  and id is distinct from ?::uuid`;
const BOOKINGS_SQL = `
select ${BOOKING_COLUMNS} from booking where ${ACTIVE_IN_RANGE} and staff_member_id = any(?::uuid[])
union all
select ${BOOKING_COLUMNS} from booking where ${ACTIVE_IN_RANGE} and resource_id = any(?::uuid[]) and not (staff_member_id = any(?::uuid[]))`;

interface BookingRow {
  staff_no: number | null;
  id: string | null;
  same_service: boolean;
  resource_id: string | null;
  status: BookedTime['status'];
  group_session_key: string | null;
  seats: number;
  /** Set for group seats only: the engine tells sessions apart by service, staff and start. */
  group_service_id: string | null;
  group_staff_id: string | null;
  starts_at: number;
  ends_at: number;
  before_min: number;
  after_min: number;
  hold_expires_at: number | null;
}


/**
 * Loads everything the slot engine needs for one service and range in two round
 * trips — the business's facts (service, staff, hours, overrides, time off,
 * resources) as one JSON row, then the active bookings — never one query per staff
 * member or per day, and builds the domain input. Every query names the business.
 */
export async function loadAvailability(em: EntityManager, businessId: string, query: AvailabilityQuery, now: number): Promise<LoadedAvailability> {
  const connection = em.getConnection();
  const tx = em.getTransactionContext();
  const loFrom = new Date(query.from - MARGIN_MS);
  const loTo = new Date(query.to + MARGIN_MS);
  const staffId = query.staffId ?? null;
  const [raw] = await connection.execute<unknown[]>(
    FACTS_SQL,
    [
      ...[query.serviceId, businessId, businessId, staffId, staffId],
      ...[businessId, businessId, businessId, query.lockCapacity ?? false],
      ...[businessId, query.customerId ?? null, businessId, businessId, new Date(now)],
      ...[businessId, businessId, isoDate(loFrom), isoDate(loTo), businessId, loTo, loFrom, businessId],
    ],
    'all',
    tx,
  );
  const facts = Facts.parse(raw);
  if (!facts.business) throw new NotFound('business');
  if (!facts.service) throw new NotFound('service');
  if (staffId && facts.staff.length === 0) throw new NotFound('staff member');

  const staffIds = facts.staff.map((s) => s.id);
  const resourceIds = facts.resources.map((r) => r.id);
  const staffArray = `{${staffIds.join(',')}}`;
  const ignore = query.ignoreBookingId ?? null;
  const inRange = [businessId, loFrom, loTo, ignore];
  const columns = [staffArray, query.serviceId];
  const rows = await connection.execute<BookingRow[]>(
    BOOKINGS_SQL,
    [...columns, ...inRange, staffArray, ...columns, ...inRange, `{${resourceIds.join(',')}}`, staffArray],
    'all',
    tx,
  );
  const bookings: BookedTime[] = [];
  const sessionKeys = new Map<string, string>();
  for (const row of rows) {
    const id = row.id ?? '';
    if (row.group_session_key && row.id) sessionKeys.set(row.id, row.group_session_key);
    bookings.push({
      id,
      // Compared only with the queried service, and within group sessions.
      serviceId: row.same_service ? query.serviceId : (row.group_service_id ?? ''),
      staffId: row.staff_no === null ? row.group_staff_id : (staffIds[row.staff_no - 1] ?? null),
      resourceIds: row.resource_id ? [row.resource_id] : [],
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      bufferBeforeMin: row.before_min,
      bufferAfterMin: row.after_min,
      status: row.status,
      holdExpiresAt: row.hold_expires_at,
      ...(row.group_session_key ? { seats: row.seats } : {}),
    });
  }

  const { business: b, service: s } = facts;
  const service: ServiceFacts = {
    id: s.id,
    durationMinutes: s.duration_minutes,
    bufferBeforeMinutes: s.buffer_before_minutes,
    bufferAfterMinutes: s.buffer_after_minutes,
    priceMinor: s.price_minor,
    currency: s.currency,
    capacity: s.capacity,
    requiresResourceKind: s.requires_resource_kind,
    depositKind: s.deposit_kind,
    depositValue: s.deposit_value,
  };
  return {
    business: { id: b.id, timeZone: b.time_zone, holdMinutes: b.hold_minutes },
    customer: facts.customer,
    expiredHolds: facts.expired_holds,
    service,
    resources: facts.resources.map((r) => ({ id: r.id, capacity: r.capacity })),
    sessionKeys,
    input: {
      service: {
        id: service.id,
        durationMin: service.durationMinutes,
        bufferBeforeMin: service.bufferBeforeMinutes,
        bufferAfterMin: service.bufferAfterMinutes,
        requiredResourceKinds: service.requiresResourceKind ? [service.requiresResourceKind] : [],
        seats: service.capacity > 1 ? service.capacity : null,
      },
      staff: facts.staff.map((member) => staffSchedule(member, b.time_zone, facts)),
      resources: facts.resources.map((r) => ({ id: r.id, kind: r.kind, capacity: r.capacity, status: r.status === 'available' ? 'active' : 'maintenance' })),
      bookings,
      policy: { minNoticeMin: b.min_notice_minutes, horizonDays: b.booking_horizon_days, slotStepMin: b.slot_step_minutes },
      now,
    },
  };
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

type Facts = z.infer<typeof Facts>;

// A staff member's own date override wins over the business's (a holiday); time off
// of the whole business applies to everyone.
function staffSchedule(member: Facts['staff'][number], businessZone: string, facts: Facts): StaffSchedule {
  const weeklyHours: Partial<Record<Weekday, LocalTimeRange[]>> = {};
  for (const h of facts.hours) {
    if (h.staff_member_id !== member.id) continue;
    (weeklyHours[h.weekday as Weekday] ??= []).push({ start: formatMinuteOfDay(h.start_minute), end: formatMinuteOfDay(h.end_minute) });
  }
  const dateOverrides: Record<string, LocalTimeRange[]> = {};
  const toRanges = (intervals: z.infer<typeof Interval>[]) => intervals.map((i) => ({ start: formatMinuteOfDay(i.startMinute), end: formatMinuteOfDay(i.endMinute) }));
  for (const o of facts.overrides) if (o.staff_member_id === null) dateOverrides[o.date] = toRanges(o.intervals);
  for (const o of facts.overrides) if (o.staff_member_id === member.id) dateOverrides[o.date] = toRanges(o.intervals);
  return {
    id: member.id,
    timeZone: member.time_zone ?? businessZone,
    weeklyHours,
    dateOverrides,
    timeOff: facts.time_off.filter((t) => t.staff_member_id === null || t.staff_member_id === member.id).map((t) => ({ start: t.starts_at, end: t.ends_at })),
    maxBookingsPerDay: member.daily_booking_cap,
  };
}
