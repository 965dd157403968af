import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { createZoneClock, formatEpochDay, formatMinuteOfDay, parseLocalDate, workingIntervalsOn, type LocalTimeRange, type StaffSchedule, type Weekday } from '../../domain/index.ts';
import { BOOKING_STATUSES } from '../../domain/booking-status.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id, LocalDate } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CALENDAR_FACTS, CALENDAR_ZONE } from './calendar-sql.ts';

/** Input of {@link deskCalendar}: a day of every lane, or a week of one. */
export const DeskCalendarInput = z.object({
  view: z.enum(['day', 'week']).default('day'),
  /** The day shown, or a day of the week shown (weeks start on Monday); default today. */
  date: LocalDate.optional(),
  /** Specialists or resources side by side. */
  lanes: z.enum(['staff', 'resource']).default('staff'),
  /** The one lane a week shows (default the first). */
  laneId: z.uuid().optional(),
});

/** A column owner: a specialist or a resource. */
export interface CalendarLane {
  id: string;
  name: string;
  /** A resource under maintenance cannot be booked at all. */
  unavailable: boolean;
}

/** A thing drawn on the calendar: a booking, or time off (a break, a meeting, a day off). */
export type CalendarItem =
  | { kind: 'booking'; id: string; laneId: string; startsAt: number; endsAt: number; status: (typeof BOOKING_STATUSES)[number]; awaiting: string | null; service: string; customer: string; guest: string | null }
  | { kind: 'time_off'; id: string; laneId: string; startsAt: number; endsAt: number; reason: string; wholeBusiness: boolean };

/** A day or a week of the team's calendar, in the business's zone. */
export interface DeskCalendar {
  view: 'day' | 'week';
  lanes: 'staff' | 'resource';
  timeZone: string;
  /** The local days shown, with the instant each starts at. */
  days: { date: string; startsAt: number; endsAt: number }[];
  /** Every lane of the kind (for the picker); a week shows `shown` only. */
  allLanes: CalendarLane[];
  shown: CalendarLane[];
  /** Working intervals per lane per local date (instants); a resource is open while the business is. */
  working: Record<string, Record<string, { start: number; end: number }[]>>;
  items: CalendarItem[];
}

const Facts = z.object({
  time_zone: z.string().nullable(),
  staff: z.array(z.object({ id: z.string(), name: z.string(), time_zone: z.string().nullable() })),
  resources: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  hours: z.array(z.object({ staff_id: z.string(), weekday: z.number(), start_minute: z.number(), end_minute: z.number() })),
  overrides: z.array(z.object({ staff_id: z.string().nullable(), date: z.string(), intervals: z.array(z.object({ startMinute: z.number(), endMinute: z.number() })) })),
  time_off: z.array(z.object({ id: z.string(), staff_id: z.string().nullable(), starts_at: z.number(), ends_at: z.number(), reason: z.string() })),
  bookings: z.array(
    z.object({
      id: z.string(),
      staff_id: z.string(),
      resource_id: z.string().nullable(),
      status: z.enum(BOOKING_STATUSES),
      awaiting: z.string().nullable(),
      starts_at: z.number(),
      ends_at: z.number(),
      service: z.string(),
      customer: z.string(),
      guest: z.string().nullable(),
    }),
  ),
});
type Facts = z.infer<typeof Facts>;

/**
 * The team's calendar for the desk: a day with every specialist (or resource) side by
 * side, or a week of one. Working hours (overrides and the business's days off
 * applied) come as intervals so the page shades the rest; bookings and time off as
 * items. Two round trips (the zone, then the facts); the shape of each day is computed
 * here from the schedules.
 */
export async function deskCalendar(ctx: UseCaseContext, businessId: string, raw: z.input<typeof DeskCalendarInput>): Promise<DeskCalendar> {
  const input = DeskCalendarInput.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  // The zone alone first (the range's instants depend on it), then everything else in one statement.
  const zone = (await runSql(em, CALENDAR_ZONE, { businessId: id }))[0]?.time_zone;
  if (!zone) throw new NotFound('business');
  const clock = createZoneClock(zone);
  // A date the calendar cannot hold (year 0050) shows today, like no date.
  const picked = (input.date ? parseLocalDate(input.date) : null) ?? clock.epochDayOf(ctx.now());
  // Weeks start on Monday (ISO): epoch day 4 (1970-01-05) was one.
  const first = input.view === 'week' ? picked - ((((picked - 4) % 7) + 7) % 7) : picked;
  const count = input.view === 'week' ? 7 : 1;
  const days = Array.from({ length: count }, (_, i) => ({ date: formatEpochDay(first + i), startsAt: clock.toInstant(first + i, 0), endsAt: clock.toInstant(first + i + 1, 0) }));
  const [row] = await runSql(em, CALENDAR_FACTS, {
    businessId: id,
    from: new Date(days[0]!.startsAt),
    until: new Date(days.at(-1)!.endsAt),
    fromDate: days[0]!.date,
    toDate: days.at(-1)!.date,
    now: new Date(ctx.now()),
    // A week of a lane asked for by id reads that lane only; without one, the first lane is not known yet.
    staffLane: input.view === 'week' && input.lanes === 'staff' ? (input.laneId ?? null) : null,
    resourceLane: input.view === 'week' && input.lanes === 'resource' ? (input.laneId ?? null) : null,
  });
  const facts = Facts.parse(row);
  const allLanes: CalendarLane[] =
    input.lanes === 'staff' ? facts.staff.map((s) => ({ id: s.id, name: s.name, unavailable: false })) : facts.resources.map((r) => ({ id: r.id, name: r.name, unavailable: r.status !== 'available' }));
  const shown = input.view === 'week' ? allLanes.filter((l) => l.id === (input.laneId ?? allLanes[0]?.id)) : allLanes;
  if (input.view === 'week' && input.laneId && shown.length === 0) throw new NotFound(input.lanes === 'staff' ? 'staff member' : 'resource');
  return {
    view: input.view,
    lanes: input.lanes,
    timeZone: zone,
    days,
    allLanes,
    shown,
    working: input.lanes === 'staff' ? staffWorking(facts, zone, shown, first, count) : resourceWorking(facts, zone, shown, first, count),
    items: items(facts, input.lanes, new Set(shown.map((l) => l.id))),
  };
}

function schedule(facts: Facts, staffId: string, zone: string): StaffSchedule {
  const weeklyHours: Partial<Record<Weekday, LocalTimeRange[]>> = {};
  for (const h of facts.hours) if (h.staff_id === staffId) (weeklyHours[h.weekday as Weekday] ??= []).push({ start: formatMinuteOfDay(h.start_minute), end: formatMinuteOfDay(h.end_minute) });
  const dateOverrides: Record<string, LocalTimeRange[]> = {};
  const ranges = (list: Facts['overrides'][number]['intervals']) => list.map((i) => ({ start: formatMinuteOfDay(i.startMinute), end: formatMinuteOfDay(i.endMinute) }));
  // The business's own override (a holiday) gives way to the specialist's.
  for (const o of facts.overrides) if (o.staff_id === null) dateOverrides[o.date] = ranges(o.intervals);
  for (const o of facts.overrides) if (o.staff_id === staffId) dateOverrides[o.date] = ranges(o.intervals);
  const own = facts.staff.find((s) => s.id === staffId)?.time_zone;
  return { id: staffId, timeZone: own ?? zone, weeklyHours, dateOverrides };
}


function staffWorking(facts: Facts, zone: string, lanes: CalendarLane[], first: number, count: number): DeskCalendar['working'] {
  const out: DeskCalendar['working'] = {};
  for (const lane of lanes) {
    const s = schedule(facts, lane.id, zone);
    out[lane.id] = {};
    for (let d = first; d < first + count; d += 1) out[lane.id]![formatEpochDay(d)] = workingIntervalsOn(s, formatEpochDay(d));
  }
  return out;
}

// A resource works whenever any specialist does (rooms have no hours of their own).
function resourceWorking(facts: Facts, zone: string, lanes: CalendarLane[], first: number, count: number): DeskCalendar['working'] {
  const team = staffWorking(facts, zone, facts.staff.map((s) => ({ id: s.id, name: s.name, unavailable: false })), first, count);
  const out: DeskCalendar['working'] = {};
  for (const lane of lanes) {
    out[lane.id] = {};
    for (let d = first; d < first + count; d += 1) {
      const date = formatEpochDay(d);
      out[lane.id]![date] = lane.unavailable ? [] : union(Object.values(team).flatMap((byDay) => byDay[date] ?? []));
    }
  }
  return out;
}

function union(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function items(facts: Facts, lanes: 'staff' | 'resource', shown: Set<string>): CalendarItem[] {
  const out: CalendarItem[] = [];
  for (const b of facts.bookings) {
    const laneId = lanes === 'staff' ? b.staff_id : b.resource_id;
    if (!laneId || !shown.has(laneId)) continue;
    out.push({ kind: 'booking', id: b.id, laneId, startsAt: b.starts_at, endsAt: b.ends_at, status: b.status, awaiting: b.awaiting, service: b.service, customer: b.customer, guest: b.guest });
  }
  if (lanes === 'staff') {
    for (const t of facts.time_off) {
      const owners = t.staff_id === null ? [...shown] : shown.has(t.staff_id) ? [t.staff_id] : [];
      for (const laneId of owners) out.push({ kind: 'time_off', id: t.id, laneId, startsAt: t.starts_at, endsAt: t.ends_at, reason: t.reason, wholeBusiness: t.staff_id === null });
    }
  }
  return out;
}
