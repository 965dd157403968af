import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DAY_MS, formatMinuteOfDay, type AvailabilityInput, type BookedTime, type LocalTimeRange, type StaffSchedule, type Weekday } from '../../domain/index.ts';
import { DEPOSIT_KINDS } from '../../db/entities/index.ts';
import { idArray, runPreparedSql } from '../../db/sql-statement.ts';
import { NotFound } from '../shared/app-errors.ts';
import { ACTIVE_BOOKINGS, ActiveBookingRow, AVAILABILITY_FACTS, SLOT_FACTS, type BookingRow } from './availability-sql.ts';

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
   * Read only the bookings in the slot's way when one specialist with no daily cap is
   * asked for ({@link loadSlotAvailability}): enough to check the slot, not to offer
   * alternatives (`narrowed` says when it was done).
   */
  aroundSlotOnly?: boolean;
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
  service: ServiceFacts;
  /** Resources of the kind the service needs, with their capacity. */
  resources: { id: string; capacity: number }[];
  input: AvailabilityInput;
  /** Group session key of each loaded booking that is a seat in one. */
  sessionKeys: ReadonlyMap<string, string>;
  /**
   * The PostgreSQL snapshot the facts were read in (`pg_current_snapshot()`, as text):
   * what changed since can be asked (`availability-cache.ts`). With the bookings read
   * in a second statement, the facts' snapshot is the earlier one.
   */
  snapshot: string;
  /** Only the bookings in the asked slot's way were read (`aroundSlotOnly`): alternatives need a full load. */
  narrowed: boolean;
}

// Busy time is loaded this much beyond the range: the engine counts bookings starting
// up to two days either side (caps and fair assignment), which also covers buffers
// and service lengths (each at most a day).
const MARGIN_MS = 2 * DAY_MS;

const Interval = z.object({ startMinute: z.number().int(), endMinute: z.number().int() });
const Facts = z.object({
  snapshot: z.string(),
  business: z
    .object({ id: z.string(), time_zone: z.string(), min_notice_minutes: z.number(), booking_horizon_days: z.number(), slot_step_minutes: z.number(), hold_minutes: z.number() })
    .nullable(),
  customer: z.object({ id: z.string(), blocked: z.boolean() }).nullable(),
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

const SlotFacts = Facts.extend({ locks_needed: z.number(), narrowed: z.boolean(), bookings: z.array(ActiveBookingRow) });

/**
 * Loads everything the slot engine needs for one service and range in two round
 * trips — the business's facts (service, staff, hours, overrides, time off,
 * resources) as one JSON row, then the active bookings — never one query per staff
 * member or per day, and builds the domain input (`availability-sql.ts`).
 */
export async function loadAvailability(em: EntityManager, businessId: string, query: AvailabilityQuery, now: number): Promise<LoadedAvailability> {
  const params = factsParams(businessId, query);
  const [raw] = await runPreparedSql(em, AVAILABILITY_FACTS, params);
  const facts = found(Facts.parse(raw), query);
  const rows = await runPreparedSql(em, ACTIVE_BOOKINGS, {
    businessId,
    serviceId: query.serviceId,
    staffIds: idArray(facts.staff.map((s) => s.id)),
    resourceIds: idArray(facts.resources.map((r) => r.id)),
    from: params.from,
    to: params.to,
    ignoreBookingId: query.ignoreBookingId ?? null,
  });
  return { ...assembleAvailability(facts, rows, query, now), narrowed: false };
}

/**
 * {@link loadAvailability} for a slot or a short range (a booking use case, a week of
 * slots) in one round trip: facts and bookings in one statement. A service that counts capacity under a lock
 * (`lockCapacity`: group seats, shared resources) is read again after the lock.
 */
export async function loadSlotAvailability(em: EntityManager, businessId: string, query: AvailabilityQuery, now: number): Promise<LoadedAvailability> {
  const [raw] = await runPreparedSql(em, SLOT_FACTS, {
    ...factsParams(businessId, query),
    ignoreBookingId: query.ignoreBookingId ?? null,
    aroundSlot: query.aroundSlotOnly ?? false,
    slotFrom: new Date(query.from),
    slotTo: new Date(query.to),
  });
  const { locks_needed: locksNeeded, narrowed, bookings, ...facts } = SlotFacts.parse(raw);
  if (locksNeeded > 0 && query.lockCapacity) return loadAvailability(em, businessId, query, now);
  return { ...assembleAvailability(found(facts, query), bookings, query, now), narrowed };
}

/** The facts statements' parameters: the range widened by the margin, on both clocks. */
function factsParams(businessId: string, query: AvailabilityQuery) {
  const from = new Date(query.from - MARGIN_MS);
  const to = new Date(query.to + MARGIN_MS);
  return {
    businessId,
    serviceId: query.serviceId,
    staffId: query.staffId ?? null,
    lockCapacity: query.lockCapacity ?? false,
    customerId: query.customerId ?? null,
    fromDate: isoDate(from),
    toDate: isoDate(to),
    from,
    to,
  };
}

/** The facts with business and service found (and the one specialist asked for), or NotFound. */
function found(facts: Facts, query: AvailabilityQuery): FoundFacts {
  if (!facts.business) throw new NotFound('business');
  if (!facts.service) throw new NotFound('service');
  if (query.staffId && facts.staff.length === 0) throw new NotFound('staff member');
  return { ...facts, business: facts.business, service: facts.service };
}

type FoundFacts = Facts & { business: NonNullable<Facts['business']>; service: NonNullable<Facts['service']> };

// Builds the domain input from the loaded facts and booking rows (no I/O).
function assembleAvailability(facts: FoundFacts, rows: readonly BookingRow[], query: AvailabilityQuery, now: number): Omit<LoadedAvailability, 'narrowed'> {
  const staffIds = facts.staff.map((s) => s.id);
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
    service,
    resources: facts.resources.map((r) => ({ id: r.id, capacity: r.capacity })),
    sessionKeys,
    snapshot: facts.snapshot,
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
