import type { Interval } from './time-interval.ts';
import { intersectWindows, mergeSpans, unionWindows, windowsBetweenSpans, type SpanList, type WindowList } from './start-windows.ts';

/** Whether a resource can be booked at all right now. */
export type ResourceStatus = 'active' | 'maintenance';

/**
 * A room, chair or piece of equipment. Up to `capacity` bookings may use it at once;
 * `maintenance` takes it out of service entirely, `unavailable` blocks given instants.
 */
export interface Resource {
  readonly id: string;
  readonly kind: string;
  readonly capacity: number;
  readonly status: ResourceStatus;
  readonly unavailable?: readonly Interval[];
}

/**
 * Spans (flat `[start, end, ...]`, any order) in which usage reaches `capacity`,
 * i.e. the resource cannot take one more booking. Capacity ≤ 1 is "any use blocks".
 */
export function fullSpans(usage: SpanList, capacity: number): SpanList {
  if (capacity <= 1) return mergeSpans(usage.slice());
  const n = usage.length / 2;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    starts[k] = usage[2 * k] as number;
    ends[k] = usage[2 * k + 1] as number;
  }
  starts.sort();
  ends.sort();
  const out: SpanList = [];
  let i = 0;
  let j = 0;
  let count = 0;
  let fullSince = 0;
  while (j < n) {
    // At equal instants ends go first: half-open spans that touch do not overlap.
    if (i < n && (starts[i] as number) < (ends[j] as number)) {
      count += 1;
      if (count === capacity) fullSince = starts[i] as number;
      i += 1;
    } else {
      if (count === capacity) out.push(fullSince, ends[j] as number);
      count -= 1;
      j += 1;
    }
  }
  return mergeSpans(out);
}

/**
 * Allowed slot starts (closed windows within `[lo, hi]`) for which at least one
 * resource of every kind in `kinds` is free for `[s - before, s + duration + after)`.
 * Returns `null` when the service needs no resource. `usage` maps resource id to the
 * blocked spans of its active bookings.
 */
export function resourceStartWindows(
  kinds: readonly string[],
  resources: readonly Resource[],
  usage: ReadonlyMap<string, SpanList>,
  before: number,
  duration: number,
  after: number,
  lo: number,
  hi: number,
): WindowList | null {
  if (kinds.length === 0) return null;
  let result: WindowList | null = null;
  for (const kind of new Set(kinds)) {
    const perResource: WindowList[] = [];
    for (const r of resources) {
      if (r.kind !== kind || r.status !== 'active' || r.capacity < 1) continue;
      const blocked = fullSpans(usage.get(r.id) ?? [], r.capacity);
      for (const u of r.unavailable ?? []) blocked.push(u.start, u.end);
      perResource.push(windowsBetweenSpans(mergeSpans(blocked), before, duration, after, lo, hi));
    }
    const kindWindows = unionWindows(perResource);
    result = result === null ? kindWindows : intersectWindows(result, kindWindows);
  }
  return result;
}
