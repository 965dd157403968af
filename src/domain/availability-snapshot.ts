import { isActiveBooking } from './booking-status.ts';
import { assertBookableService, isGroupService, type BookableService } from './bookable-service.ts';
import { blockedFrom, blockedUntil, type BookedTime, type ExternalBusy } from './busy-time.ts';
import { resourceStartWindows, type Resource } from './resource-availability.ts';
import { bookableStartBounds, slotStepMs, type SlotPolicy } from './slot-policy.ts';
import { intersectAnchored, mergeSpans, windowsBetweenSpans } from './start-windows.ts';
import type { AnchoredWindowList, SpanList, WindowList } from './start-windows.ts';
import { appendWorkingSpans, prepareSchedule, type PreparedSchedule, type StaffSchedule } from './working-hours.ts';
import { DAY_MS, MINUTE_MS } from './zone-clock.ts';

/**
 * Everything availability is computed from. Plain data, as loaded by the caller:
 * `staff` are the candidate staff for the service ("any specialist" = all of them,
 * a chosen specialist = one), `bookings` the existing bookings of those staff and of
 * the resources involved (inactive ones are ignored, so passing them is harmless).
 */
export interface AvailabilityInput {
  readonly service: BookableService;
  readonly staff: readonly StaffSchedule[];
  readonly resources?: readonly Resource[];
  readonly bookings: readonly BookedTime[];
  readonly externalBusy?: readonly ExternalBusy[];
  readonly policy: SlotPolicy;
  /** The current instant (epoch ms), decided by the caller. */
  readonly now: number;
}

/** One candidate staff member's busy time and booking counts within the query. */
export interface StaffAvailability {
  readonly schedule: PreparedSchedule;
  /** Merged busy spans: active bookings with buffers, external busy, time off. */
  readonly busy: SpanList;
  /** Active bookings on local day `firstCountedDay + i` (staff zone), for caps and fair assignment. */
  readonly bookingsPerDay: readonly number[];
  readonly firstCountedDay: number;
}

/** The scanned, query-ready form of an {@link AvailabilityInput} for one start range. */
export interface AvailabilitySnapshot {
  /** Allowed slot starts lie in `[lo, hi]` (query range ∩ notice/horizon). */
  readonly lo: number;
  readonly hi: number;
  readonly durationMs: number;
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly stepMs: number;
  /** Candidate staff, sorted by id. */
  readonly staff: readonly StaffAvailability[];
  /** Starts at which the required resources are free; `null` = no resource needed. */
  readonly resourceWindows: WindowList | null;
  /** Group services only: staff id → session start → seats already taken. */
  readonly sessions: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/**
 * Scans the input once for slot starts in `[from, to)`: filters active bookings,
 * buckets busy time per staff and per resource, counts bookings per day.
 */
export function buildSnapshot(input: AvailabilityInput, from: number, to: number): AvailabilitySnapshot {
  const { service, now } = input;
  assertBookableService(service);
  const bounds = bookableStartBounds(input.policy, now);
  const lo = Math.max(from, bounds.earliest);
  const hi = Math.min(to - 1, bounds.latest);
  const durationMs = service.durationMin * MINUTE_MS;
  const beforeMs = service.bufferBeforeMin * MINUTE_MS;
  const afterMs = service.bufferAfterMin * MINUTE_MS;
  const stepMs = slotStepMs(input.policy, service.durationMin);
  const relLo = lo - beforeMs;
  const relHi = hi + durationMs + afterMs;
  const countLo = lo - 2 * DAY_MS;
  const countHi = hi + 2 * DAY_MS;

  const sortedStaff = [...input.staff].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A null-prototype record: measurably faster than a Map for a few dozen string keys.
  const index: Record<string, number> = Object.create(null) as Record<string, number>;
  const busy: SpanList[] = [];
  const perDay: number[][] = [];
  const firstCountedDay = Math.floor(countLo / DAY_MS) - 1;
  const countedDays = Math.max(0, Math.floor(countHi / DAY_MS) + 2 - firstCountedDay);
  const schedules: PreparedSchedule[] = [];
  for (const s of sortedStaff) {
    index[s.id] = schedules.length;
    schedules.push(prepareSchedule(s));
    busy.push([]);
    perDay.push(new Array<number>(lo <= hi ? countedDays : 0).fill(0));
  }

  const kinds = service.requiredResourceKinds ?? [];
  const neededResources = new Set<string>();
  for (const r of input.resources ?? []) if (kinds.includes(r.kind)) neededResources.add(r.id);
  const usage = new Map<string, SpanList>();
  const seenSessionUse = new Set<string>();
  const group = isGroupService(service);
  const sessions = new Map<string, Map<number, number>>();

  if (lo <= hi) {
    for (const b of input.bookings) {
      const bf = blockedFrom(b);
      const bu = blockedUntil(b);
      // Cheap range test first: most of a long booking list is outside the query.
      if ((bu <= relLo || bf >= relHi) && (b.startsAt < countLo || b.startsAt > countHi)) continue;
      if (!isActiveBooking(b, now)) continue;
      const k = b.staffId === null ? undefined : index[b.staffId];
      if (k !== undefined) {
        if (bu > relLo && bf < relHi) (busy[k] as SpanList).push(bf, bu);
        if (b.startsAt >= countLo && b.startsAt <= countHi) {
          const day = (schedules[k] as PreparedSchedule).clock.epochDayOf(b.startsAt) - firstCountedDay;
          const counts = perDay[k] as number[];
          counts[day] = (counts[day] ?? 0) + 1;
        }
        if (group && b.serviceId === service.id && b.startsAt >= lo && b.startsAt <= hi) {
          let byStart = sessions.get(b.staffId as string);
          if (byStart === undefined) sessions.set(b.staffId as string, (byStart = new Map()));
          byStart.set(b.startsAt, (byStart.get(b.startsAt) ?? 0) + (b.seats ?? 1));
        }
      }
      if (neededResources.size === 0 || b.resourceIds.length === 0 || bu <= relLo || bf >= relHi) continue;
      for (const rid of b.resourceIds) {
        if (!neededResources.has(rid)) continue;
        // Seats of one group session share its resources: count the session once.
        if (b.seats !== undefined) {
          const key = `${rid}|${b.serviceId}|${b.staffId}|${b.startsAt}`;
          if (seenSessionUse.has(key)) continue;
          seenSessionUse.add(key);
        }
        let spans = usage.get(rid);
        if (spans === undefined) usage.set(rid, (spans = []));
        spans.push(bf, bu);
      }
    }
    for (const e of input.externalBusy ?? []) {
      const k = index[e.staffId];
      if (k !== undefined && e.end > relLo && e.start < relHi) (busy[k] as SpanList).push(e.start, e.end);
    }
    schedules.forEach((p, k) => {
      for (const off of p.staff.timeOff ?? []) {
        if (off.end > relLo && off.start < relHi) (busy[k] as SpanList).push(off.start, off.end);
      }
    });
  }

  const resourceWindows =
    kinds.length === 0
      ? null
      : resourceStartWindows(kinds, input.resources ?? [], usage, beforeMs, durationMs, afterMs, lo, hi);
  const staff = schedules.map((schedule, k) => ({
    schedule,
    busy: mergeSpans(busy[k] as SpanList),
    bookingsPerDay: perDay[k] as number[],
    firstCountedDay,
  }));
  return { lo, hi, durationMs, beforeMs, afterMs, stepMs, staff, resourceWindows, sessions };
}

/** Active bookings of a staff member on local day `epochDay` (0 outside the scanned range). */
export function bookingsOnDay(s: StaffAvailability, epochDay: number): number {
  return s.bookingsPerDay[epochDay - s.firstCountedDay] ?? 0;
}

/** True when the staff member's daily cap is reached on local day `epochDay`. */
export function dayCapReached(s: StaffAvailability, epochDay: number): boolean {
  const cap = s.schedule.staff.maxBookingsPerDay;
  return cap !== undefined && cap !== null && bookingsOnDay(s, epochDay) >= cap;
}

/**
 * Working windows of a staff member within the snapshot: anchored windows of starts
 * whose service time `[s, s + duration)` lies inside working hours (breaks removed),
 * on days below the daily cap.
 */
export function workingStartWindows(snap: AvailabilitySnapshot, s: StaffAvailability): AnchoredWindowList {
  const out: AnchoredWindowList = [];
  if (snap.lo > snap.hi) return out;
  const clock = s.schedule.clock;
  const spans: number[] = [];
  const lastDay = clock.epochDayOf(snap.hi);
  for (let day = clock.epochDayOf(snap.lo); day <= lastDay; day += 1) {
    if (dayCapReached(s, day)) continue;
    spans.length = 0;
    appendWorkingSpans(s.schedule, day, spans);
    for (let i = 0; i < spans.length; i += 3) {
      const from = Math.max(spans[i] as number, snap.lo);
      const to = Math.min((spans[i + 1] as number) - snap.durationMs, snap.hi);
      if (from <= to) out.push(from, to, spans[i + 2] as number);
    }
  }
  return out;
}

/**
 * All allowed start windows of one staff member: inside working hours, clear of busy
 * time with buffers, and (when needed) with the required resources free.
 */
export function staffStartWindows(snap: AvailabilitySnapshot, s: StaffAvailability): AnchoredWindowList {
  const working = workingStartWindows(snap, s);
  if (working.length === 0) return working;
  const gaps = windowsBetweenSpans(s.busy, snap.beforeMs, snap.durationMs, snap.afterMs, snap.lo, snap.hi);
  const free = intersectAnchored(working, gaps);
  return snap.resourceWindows === null ? free : intersectAnchored(free, snap.resourceWindows);
}
