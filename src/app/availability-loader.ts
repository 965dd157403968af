import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DAY_MS,
  type AvailabilityInput,
  type BookedTime,
  type LocalTimeRange,
  type Resource as DomainResource,
  type StaffSchedule,
  type Weekday,
} from '../domain/index.ts';
import {
  BusinessSchema,
  DateOverrideSchema,
  ResourceSchema,
  ServiceSchema,
  StaffMemberSchema,
  TimeOffSchema,
  WorkingHoursSchema,
  type Business,
  type Resource,
  type Service,
  type StaffMember,
} from '../db/entities/index.ts';
import { NotFound } from './app-errors.ts';

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
}

/** The loaded rows plus the domain input built from them. */
export interface LoadedAvailability {
  business: Business;
  service: Service;
  staff: StaffMember[];
  resources: Resource[];
  input: AvailabilityInput;
  /** Group session key of each loaded booking that is a seat in one. */
  sessionKeys: ReadonlyMap<string, string>;
}

// Busy time is loaded this much beyond the range: buffers, and the daily counts the
// engine keeps for caps and fair assignment (it looks two days either side).
const MARGIN_MS = 3 * DAY_MS;

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const toRange = (i: { startMinute: number; endMinute: number }): LocalTimeRange => ({ start: hhmm(i.startMinute), end: hhmm(i.endMinute) });

// Instants come back as epoch-ms numbers (float8): no string parsing per row.
const EPOCH_MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8 as ${column}`;

interface BookingRow {
  id: string;
  service_id: string;
  staff_member_id: string;
  resource_id: string | null;
  starts_at: number;
  ends_at: number;
  blocked_from: number;
  blocked_until: number;
  status: BookedTime['status'];
  hold_expires_at: number | null;
  group_session_key: string | null;
  seats: number;
}

/**
 * Loads everything the slot engine needs for one service and range in a fixed number
 * of queries (business, service, staff, hours, overrides, time off, resources,
 * bookings) — never one per staff member or per day — and builds the domain input.
 */
export async function loadAvailability(em: EntityManager, businessId: string, query: AvailabilityQuery, now: number): Promise<LoadedAvailability> {
  const business = await em.findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  const service = await em.findOne(ServiceSchema, { id: query.serviceId, active: true });
  if (!service) throw new NotFound('service');

  const staff = await em.find(
    StaffMemberSchema,
    { active: true, services: { id: service.id }, ...(query.staffId ? { id: query.staffId } : {}) },
    { orderBy: { position: 'asc', id: 'asc' } },
  );
  if (query.staffId && staff.length === 0) throw new NotFound('staff member');
  const staffIds = staff.map((s) => s.id);
  const loFrom = new Date(query.from - MARGIN_MS);
  const loTo = new Date(query.to + MARGIN_MS);
  const zone = business.timeZone;
  const dateFrom = new Date(query.from - MARGIN_MS).toISOString().slice(0, 10);
  const dateTo = new Date(query.to + MARGIN_MS).toISOString().slice(0, 10);

  const [hours, overrides, timeOff, resources] = await Promise.all([
    em.find(WorkingHoursSchema, { staffMember: { $in: staffIds } }),
    em.find(DateOverrideSchema, { $or: [{ staffMember: { $in: staffIds } }, { staffMember: null }], date: { $gte: dateFrom, $lte: dateTo } }),
    em.find(TimeOffSchema, { $or: [{ staffMember: { $in: staffIds } }, { staffMember: null }], startsAt: { $lt: loTo }, endsAt: { $gt: loFrom } }),
    service.requiresResourceKind ? em.find(ResourceSchema, { kind: service.requiresResourceKind }, { orderBy: { name: 'asc', id: 'asc' } }) : Promise.resolve([]),
  ]);
  const resourceIds = resources.map((r) => r.id);
  const rows = await em.getConnection().execute<BookingRow[]>(
    `select id, service_id, staff_member_id, resource_id, status, group_session_key, seats,
            ${EPOCH_MS('starts_at')}, ${EPOCH_MS('ends_at')}, ${EPOCH_MS('blocked_from')}, ${EPOCH_MS('blocked_until')},
            ${EPOCH_MS('hold_expires_at')}
       from booking
      where business_id = ? and status in ('held', 'pending', 'confirmed')
        and (staff_member_id = any(?::uuid[]) or resource_id = any(?::uuid[]))
        and blocked_until > ? and blocked_from < ?
      order by starts_at`,
    [businessId, `{${staffIds.join(',')}}`, `{${resourceIds.join(',')}}`, loFrom, loTo],
    'all',
    em.getTransactionContext(),
  );

  const schedules = staff.map((member) => staffSchedule(member, zone, hours, overrides, timeOff));
  const bookings: BookedTime[] = [];
  const sessionKeys = new Map<string, string>();
  for (const row of rows) {
    if (row.id === query.ignoreBookingId) continue;
    if (row.group_session_key) sessionKeys.set(row.id, row.group_session_key);
    const startsAt = row.starts_at;
    const endsAt = row.ends_at;
    bookings.push({
      id: row.id,
      serviceId: row.service_id,
      staffId: row.staff_member_id,
      resourceIds: row.resource_id ? [row.resource_id] : [],
      startsAt,
      endsAt,
      bufferBeforeMin: Math.round((startsAt - row.blocked_from) / 60_000),
      bufferAfterMin: Math.round((row.blocked_until - endsAt) / 60_000),
      status: row.status,
      holdExpiresAt: row.hold_expires_at,
      ...(row.group_session_key ? { seats: row.seats } : {}),
    });
  }

  const domainResources: DomainResource[] = resources.map((r) => ({
    id: r.id,
    kind: r.kind,
    capacity: r.capacity,
    status: r.status === 'available' ? 'active' : 'maintenance',
  }));

  return {
    business,
    service,
    staff,
    resources,
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
      staff: schedules,
      resources: domainResources,
      bookings,
      policy: {
        minNoticeMin: business.minNoticeMinutes,
        horizonDays: business.bookingHorizonDays,
        slotStepMin: business.slotStepMinutes,
      },
      now,
    },
  };
}

type HoursRow = { staffMember?: { id: string } | null; weekday: number; startMinute: number; endMinute: number };
type OverrideRow = { staffMember?: { id: string } | null; date: string; intervals: { startMinute: number; endMinute: number }[] };
type TimeOffRow = { staffMember?: { id: string } | null; startsAt: Date; endsAt: Date };

// A staff member's own date override wins over the business's (a holiday); time off
// of the whole business applies to everyone.
function staffSchedule(member: StaffMember, businessZone: string, hours: HoursRow[], overrides: OverrideRow[], timeOff: TimeOffRow[]): StaffSchedule {
  const weeklyHours: Partial<Record<Weekday, LocalTimeRange[]>> = {};
  for (const h of hours) {
    if (h.staffMember?.id !== member.id) continue;
    (weeklyHours[h.weekday as Weekday] ??= []).push(toRange(h));
  }
  for (const ranges of Object.values(weeklyHours)) ranges.sort((a, b) => a.start.localeCompare(b.start));
  const dateOverrides: Record<string, LocalTimeRange[]> = {};
  for (const o of overrides) if (!o.staffMember) dateOverrides[o.date] = o.intervals.map(toRange);
  for (const o of overrides) if (o.staffMember?.id === member.id) dateOverrides[o.date] = o.intervals.map(toRange);
  return {
    id: member.id,
    timeZone: member.timeZone ?? businessZone,
    weeklyHours,
    dateOverrides,
    timeOff: timeOff
      .filter((t) => !t.staffMember || t.staffMember.id === member.id)
      .map((t) => ({ start: t.startsAt.getTime(), end: t.endsAt.getTime() })),
    maxBookingsPerDay: member.dailyBookingCap,
  };
}
