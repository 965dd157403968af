/**
 * A half-open span of time `[start, end)` in epoch milliseconds (UTC instants).
 * Two intervals that merely touch (`a.end === b.start`) do not overlap.
 */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** True when `a` and `b` share at least one instant (touching is not overlapping). */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorted, disjoint union of `intervals`; empty intervals dropped, touching ones joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && next.start <= last.end) {
      if (next.end > last.end) out[out.length - 1] = { start: last.start, end: next.end };
    } else {
      out.push(next);
    }
  }
  return out;
}

/** The parts of `from` not covered by any of `remove` (sorted, disjoint output). */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const base = mergeIntervals(from);
  const cut = mergeIntervals(remove);
  const out: Interval[] = [];
  let j = 0;
  for (const piece of base) {
    let cursor = piece.start;
    while (j < cut.length && (cut[j]?.end ?? 0) <= cursor) j += 1;
    let k = j;
    for (; k < cut.length; k += 1) {
      const c = cut[k];
      if (c === undefined || c.start >= piece.end) break;
      if (c.start > cursor) out.push({ start: cursor, end: c.start });
      cursor = Math.max(cursor, c.end);
    }
    if (cursor < piece.end) out.push({ start: cursor, end: piece.end });
  }
  return out;
}
