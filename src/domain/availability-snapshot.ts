import { isActiveBooking } from './booking-status.ts';
import { assertBookableService, isGroupService, type BookableService } from './bookable-service.ts';
import type { BookedTime, ExternalBusy } from './busy-time.ts';
import { resourceStartWindows, type Resource } from './resource-availability.ts';
import { bookableStartBounds, slotStepMs, type SlotPolicy } from './slot-policy.ts';
import { intersectAnchored, SpanCollector, windowsBetweenSpans } from './start-windows.ts';
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
  readonly bookingsPerDay: Int32Array;
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

/** One staff member's accumulators while the bookings are scanned. */
interface StaffBucket {
  readonly schedule: PreparedSchedule;
  readonly busy: SpanCollector;
  readonly perDay: Int32Array;
  /** `[dayFrom, dayTo)`: instants known to fall on local day `firstCountedDay + dayIndex`. */
  dayFrom: number;
  dayTo: number;
  dayIndex: number;
}

/**
 * Points the bucket's day cache at the local day of `instant`. Bookings of one staff
 * member arrive day by day, so this runs about once per staff-day instead of a zone
 * lookup per booking. The range is cached only when the offset is the same at both
 * ends of the two UTC days it overlaps; the zone clock changes offset at most once per
 * UTC day, so it then holds for every instant of the local day.
 */
function locateDay(bucket: StaffBucket, instant: number, firstCountedDay: number): void {
  const clock = bucket.schedule.clock;
  const day = clock.epochDayOf(instant);
  const off = clock.offsetAt(instant);
  const from = day * DAY_MS - off;
  const utc = Math.floor(from / DAY_MS) * DAY_MS;
  const uniform =
    clock.offsetAt(utc) === off &&
    clock.offsetAt(utc + DAY_MS - 1) === off &&
    clock.offsetAt(utc + DAY_MS) === off &&
    clock.offsetAt(utc + 2 * DAY_MS - 1) === off;
  bucket.dayFrom = uniform ? from : instant;
  bucket.dayTo = uniform ? from + DAY_MS : instant + 1;
  bucket.dayIndex = day - firstCountedDay;
}

/** Resource usage collected while scanning: resource id → blocked spans. */
interface ResourceUse {
  readonly needed: ReadonlySet<string>;
  readonly usage: Map<string, SpanList>;
  /** Group sessions already counted per resource (their seats share the resource). */
  readonly seenSessions: Set<string>;
}

function addResourceUse(use: ResourceUse, b: BookedTime, bf: number, bu: number): void {
  for (const rid of b.resourceIds) {
    if (!use.needed.has(rid)) continue;
    // Seats of one group session share its resources: count the session once.
    if (b.seats !== undefined) {
      const key = `${rid}|${b.serviceId}|${b.staffId}|${b.startsAt}`;
      if (use.seenSessions.has(key)) continue;
      use.seenSessions.add(key);
    }
    let spans = use.usage.get(rid);
    if (spans === undefined) use.usage.set(rid, (spans = []));
    spans.push(bf, bu);
  }
}

/**
 * Scans the input once for slot starts in `[from, to)`: filters active bookings,
 * buckets busy time per staff and per resource, counts bookings per day. The scan is
 * a single pass with one staff lookup per relevant booking; per-staff busy spans are
 * merged as they arrive when the bookings are ordered by start (the usual database
 * order) and sorted otherwise (see `SpanCollector`), so input order never changes the
 * result.
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
  const index: Record<string, StaffBucket> = Object.create(null) as Record<string, StaffBucket>;
  const firstCountedDay = Math.floor(countLo / DAY_MS) - 1;
  const countedDays = lo <= hi ? Math.max(0, Math.floor(countHi / DAY_MS) + 2 - firstCountedDay) : 0;
  const buckets: StaffBucket[] = sortedStaff.map((s) => {
    const schedule = prepareSchedule(s);
    const bucket = { schedule, busy: new SpanCollector(), perDay: new Int32Array(countedDays), dayFrom: 0, dayTo: 0, dayIndex: 0 };
    index[s.id] = bucket;
    return bucket;
  });

  const kinds = service.requiredResourceKinds ?? [];
  const needed = new Set<string>();
  for (const r of input.resources ?? []) if (kinds.includes(r.kind)) needed.add(r.id);
  const use: ResourceUse = { needed, usage: new Map(), seenSessions: new Set() };
  const group = isGroupService(service);
  const sessions = new Map<string, Map<number, number>>();

  if (lo <= hi) {
    const bookings = input.bookings;
    for (let i = 0; i < bookings.length; i += 1) {
      const b = bookings[i] as BookedTime;
      const start = b.startsAt;
      const bf = start - b.bufferBeforeMin * MINUTE_MS;
      const bu = b.endsAt + b.bufferAfterMin * MINUTE_MS;
      const blocks = bu > relLo && bf < relHi;
      const counted = start >= countLo && start <= countHi;
      // Cheap range test first: most of a long booking list is outside the query.
      if ((!blocks && !counted) || !isActiveBooking(b, now)) continue;
      const bucket = b.staffId === null ? undefined : index[b.staffId];
      if (bucket !== undefined) {
        if (blocks) bucket.busy.add(bf, bu);
        if (counted) {
          if (!(start >= bucket.dayFrom && start < bucket.dayTo)) locateDay(bucket, start, firstCountedDay);
          bucket.perDay[bucket.dayIndex] = (bucket.perDay[bucket.dayIndex] as number) + 1;
        }
        if (group && b.serviceId === service.id && start >= lo && start <= hi) {
          let byStart = sessions.get(b.staffId as string);
          if (byStart === undefined) sessions.set(b.staffId as string, (byStart = new Map()));
          byStart.set(start, (byStart.get(start) ?? 0) + (b.seats ?? 1));
        }
      }
      if (blocks && needed.size > 0 && b.resourceIds.length > 0) addResourceUse(use, b, bf, bu);
    }
    for (const e of input.externalBusy ?? []) {
      const bucket = index[e.staffId];
      if (bucket !== undefined && e.end > relLo && e.start < relHi) bucket.busy.add(e.start, e.end);
    }
    for (const bucket of buckets) {
      for (const off of bucket.schedule.staff.timeOff ?? []) {
        if (off.end > relLo && off.start < relHi) bucket.busy.add(off.start, off.end);
      }
    }
  }

  const resourceWindows =
    kinds.length === 0
      ? null
      : resourceStartWindows(kinds, input.resources ?? [], use.usage, beforeMs, durationMs, afterMs, lo, hi);
  const staff = buckets.map((b) => ({
    schedule: b.schedule,
    busy: b.busy.merged(),
    bookingsPerDay: b.perDay,
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
  const lastDay = clock.epochDayOf(snap.hi);
  for (let day = clock.epochDayOf(snap.lo); day <= lastDay; day += 1) {
    if (dayCapReached(s, day)) continue;
    // A fresh small array per day: truncating one (`length = 0`) is a slow path in V8.
    const spans: number[] = [];
    appendWorkingSpans(s.schedule, day, spans);
    for (let i = 0; i < spans.length; i += 3) {
      const from = Math.max(spans[i] as number, snap.lo);
      const to = Math.min((spans[i + 1] as number) - snap.durationMs, snap.hi);
      if (from <= to) {
        // Indexed stores: a three-argument `push` is markedly slower in V8.
        const n = out.length;
        out[n] = from;
        out[n + 1] = to;
        out[n + 2] = spans[i + 2] as number;
      }
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
