import {
  buildSnapshot,
  dayCapReached,
  bookingsOnDay,
  type AvailabilityInput,
  type StaffAvailability,
} from './availability-snapshot.ts';
import { isGroupService } from './bookable-service.ts';
import { bookableStartBounds } from './slot-policy.ts';
import { windowsBetweenSpans } from './start-windows.ts';
import { pickStaff } from './staff-assignment.ts';
import { appendWorkingSpans } from './working-hours.ts';

/** Why a requested start cannot be booked, most general first. */
export type SlotRejection =
  | 'too_soon'
  | 'beyond_horizon'
  | 'no_staff'
  | 'outside_working_hours'
  | 'daily_cap_reached'
  | 'staff_busy'
  | 'resource_unavailable'
  | 'session_full';

/** Outcome of {@link checkSlot}. */
export type SlotCheck =
  | {
      readonly ok: true;
      readonly staffIds: readonly string[];
      readonly assignedStaffId: string;
      readonly seatsLeft: number | null;
    }
  | { readonly ok: false; readonly reason: SlotRejection };

// A staff member who fails later in the checks came closer; report their reason.
const RANK: Record<SlotRejection, number> = {
  too_soon: 0,
  beyond_horizon: 0,
  no_staff: 0,
  outside_working_hours: 1,
  daily_cap_reached: 2,
  staff_busy: 3,
  resource_unavailable: 4,
  session_full: 5,
};

function rejectionFor(s: StaffAvailability, start: number, snap: ReturnType<typeof buildSnapshot>): SlotRejection | null {
  const clock = s.schedule.clock;
  const day = clock.epochDayOf(start);
  const spans: number[] = [];
  appendWorkingSpans(s.schedule, day, spans);
  let inside = false;
  for (let i = 0; i < spans.length; i += 3) {
    if ((spans[i] as number) <= start && start + snap.durationMs <= (spans[i + 1] as number)) inside = true;
  }
  if (!inside) return 'outside_working_hours';
  if (dayCapReached(s, day)) return 'daily_cap_reached';
  if (windowsBetweenSpans(s.busy, snap.beforeMs, snap.durationMs, snap.afterMs, start, start).length === 0) {
    return 'staff_busy';
  }
  const rw = snap.resourceWindows;
  if (rw !== null && !(rw.length >= 2 && (rw[0] as number) <= start && start <= (rw[1] as number))) {
    return 'resource_unavailable';
  }
  return null;
}

/**
 * Can the service start exactly at `startsAt`? Applies the same rules as
 * `findFreeSlots` except the step grid (any start is checked as asked). For a group
 * service an existing session at that start with seats left is bookable. On success
 * lists the staff who can take it and the fairly assigned one; on failure gives the
 * reason of the candidate that came closest.
 */
export function checkSlot(input: AvailabilityInput, startsAt: number): SlotCheck {
  const bounds = bookableStartBounds(input.policy, input.now);
  if (startsAt < bounds.earliest) return { ok: false, reason: 'too_soon' };
  if (startsAt > bounds.latest) return { ok: false, reason: 'beyond_horizon' };
  if (input.staff.length === 0) return { ok: false, reason: 'no_staff' };
  const snap = buildSnapshot(input, startsAt, startsAt + 1);
  const seats = isGroupService(input.service) ? (input.service.seats ?? 1) : null;
  let worst: SlotRejection = 'no_staff';
  const fits: { staffId: string; bookingsThatDay: number; seatsLeft: number | null }[] = [];
  for (const s of snap.staff) {
    const id = s.schedule.staff.id;
    const taken = snap.sessions.get(id)?.get(startsAt);
    let reason: SlotRejection | null;
    if (seats !== null && taken !== undefined) reason = taken < seats ? null : 'session_full';
    else reason = rejectionFor(s, startsAt, snap);
    if (reason === null) {
      const bookingsThatDay = bookingsOnDay(s, s.schedule.clock.epochDayOf(startsAt));
      fits.push({ staffId: id, bookingsThatDay, seatsLeft: seats === null ? null : seats - (taken ?? 0) });
    } else if (RANK[reason] >= RANK[worst]) {
      worst = reason;
    }
  }
  const assigned = pickStaff(fits);
  if (assigned === null) return { ok: false, reason: worst };
  return {
    ok: true,
    staffIds: fits.map((f) => f.staffId),
    assignedStaffId: assigned,
    seatsLeft: fits.find((f) => f.staffId === assigned)?.seatsLeft ?? null,
  };
}
