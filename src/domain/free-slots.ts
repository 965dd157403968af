import { bookingsOnDay, buildSnapshot, staffStartWindows, type AvailabilityInput, type AvailabilitySnapshot } from './availability-snapshot.ts';
import { isGroupService } from './bookable-service.ts';
import { gridStarts } from './start-windows.ts';
import { createZoneClock, type LocalLabel } from './zone-clock.ts';

/** Which slot starts to return: `[from, to)` in epoch ms, and the zone for labels. */
export interface SlotRange {
  readonly from: number;
  readonly to: number;
  /** IANA zone of the person looking (customer or business); labels are in it. */
  readonly labelZone: string;
}

/**
 * A bookable start. `staffIds` are every candidate who can take it (sorted by id);
 * `assignedStaffId` is who gets it under the fair rule (see `pickStaff`). For a group
 * service each slot is one session of one staff member and `seatsLeft` counts its free
 * seats; for other services `seatsLeft` is `null`.
 */
export interface FreeSlot {
  readonly startsAt: number;
  readonly endsAt: number;
  readonly local: LocalLabel;
  readonly staffIds: readonly string[];
  readonly assignedStaffId: string;
  readonly seatsLeft: number | null;
}

/**
 * Free slots whose start lies in `[range.from, range.to)`, sorted by start (then staff
 * id for group sessions). A slot at `s` needs, for at least one candidate staff member:
 * `[s, s + duration)` inside working hours minus breaks; `[s - bufferBefore,
 * s + duration + bufferAfter)` clear of their busy time (active bookings with their
 * own buffers, external busy, time off); the daily cap not reached; one free resource
 * of each required kind over the same buffered span; notice and horizon respected.
 * Starts step from the start of each configured working interval by the policy step.
 * Pure and deterministic: same input, same output.
 */
export function findFreeSlots(input: AvailabilityInput, range: SlotRange): FreeSlot[] {
  const labels = createZoneClock(range.labelZone);
  const snap = buildSnapshot(input, range.from, range.to);
  if (snap.lo > snap.hi || snap.staff.length === 0) return [];
  return isGroupService(input.service) ? groupSlots(snap, input, labels) : mergedSlots(snap, labels);
}

function staffStarts(snap: AvailabilitySnapshot, k: number): number[] {
  const starts: number[] = [];
  gridStarts(staffStartWindows(snap, snap.staff[k] as AvailabilitySnapshot['staff'][number]), snap.stepMs, starts);
  return starts;
}

/** Merges sorted `(start, staff index)` runs pairwise: O(n log k), no hashing. */
function mergeRuns(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    const sa = a[i] as number;
    const sb = b[j] as number;
    if (sa < sb || (sa === sb && (a[i + 1] as number) <= (b[j + 1] as number))) {
      out[o++] = sa;
      out[o++] = a[i + 1] as number;
      i += 2;
    } else {
      out[o++] = sb;
      out[o++] = b[j + 1] as number;
      j += 2;
    }
  }
  while (i < a.length) out[o++] = a[i++] as number;
  while (j < b.length) out[o++] = b[j++] as number;
  return out;
}

function mergedSlots(snap: AvailabilitySnapshot, labels: ReturnType<typeof createZoneClock>): FreeSlot[] {
  let runs: number[][] = snap.staff.map((_, k) => {
    const starts = staffStarts(snap, k);
    const run = new Array<number>(starts.length * 2);
    for (let i = 0; i < starts.length; i += 1) {
      run[2 * i] = starts[i] as number;
      run[2 * i + 1] = k;
    }
    return run;
  });
  while (runs.length > 1) {
    const next: number[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const b = runs[r + 1];
      next.push(b === undefined ? (runs[r] as number[]) : mergeRuns(runs[r] as number[], b));
    }
    runs = next;
  }
  const all = runs[0] ?? [];
  const slots: FreeSlot[] = [];
  let i = 0;
  while (i < all.length) {
    const start = all[i] as number;
    const staffIds: string[] = [];
    let assigned = '';
    let fewest = Infinity;
    for (; i < all.length && all[i] === start; i += 2) {
      const s = snap.staff[all[i + 1] as number] as AvailabilitySnapshot['staff'][number];
      const id = s.schedule.staff.id;
      staffIds.push(id);
      // Staff are visited in id order, so a strict "<" keeps the smallest id on ties.
      const count = bookingsOnDay(s, s.schedule.clock.epochDayOf(start));
      if (count < fewest) {
        fewest = count;
        assigned = id;
      }
    }
    slots.push({
      startsAt: start,
      endsAt: start + snap.durationMs,
      local: labels.label(start),
      staffIds,
      assignedStaffId: assigned,
      seatsLeft: null,
    });
  }
  return slots;
}

function groupSlots(
  snap: AvailabilitySnapshot,
  input: AvailabilityInput,
  labels: ReturnType<typeof createZoneClock>,
): FreeSlot[] {
  const seats = input.service.seats ?? 1;
  const slots: FreeSlot[] = [];
  const push = (start: number, staffId: string, left: number): void => {
    slots.push({
      startsAt: start,
      endsAt: start + snap.durationMs,
      local: labels.label(start),
      staffIds: [staffId],
      assignedStaffId: staffId,
      seatsLeft: left,
    });
  };
  snap.staff.forEach((s, k) => {
    const id = s.schedule.staff.id;
    // New sessions: the whole session must fit like a one-to-one booking.
    for (const start of staffStarts(snap, k)) push(start, id, seats);
    // Existing sessions stay open while seats remain (their own time is already held).
    for (const [start, taken] of snap.sessions.get(id) ?? []) if (taken < seats) push(start, id, seats - taken);
  });
  return slots.sort(
    (a, b) => a.startsAt - b.startsAt || (a.assignedStaffId < b.assignedStaffId ? -1 : a.assignedStaffId > b.assignedStaffId ? 1 : 0),
  );
}
