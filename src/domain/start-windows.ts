/**
 * Flat, allocation-light interval lists used in the slot engine's inner loops.
 *
 * - A *span list* is `[start0, end0, start1, end1, ...]`: half-open busy spans.
 * - A *window list* is `[from0, to0, from1, to1, ...]`: closed ranges of allowed slot
 *   start instants, sorted and disjoint (a start `s` is allowed iff `from ≤ s ≤ to`).
 * - An *anchored window list* is `[from, to, anchor, ...]`: windows carrying the grid
 *   anchor (start of the working interval) that slot starts are stepped from.
 */
export type SpanList = number[];
/** Closed ranges of allowed slot starts, flat pairs, sorted and disjoint. */
export type WindowList = number[];
/** Windows with a grid anchor, flat triples. */
export type AnchoredWindowList = number[];

/** Merges overlapping or touching spans into a sorted, disjoint list (input untouched, any order). */
export function mergeSpans(spans: SpanList): SpanList {
  for (let i = 2; i < spans.length; i += 2) {
    if ((spans[i] as number) < (spans[i - 2] as number)) return mergeUnordered(spans);
  }
  const out: SpanList = [];
  for (let i = 0; i < spans.length; i += 2) {
    const s = spans[i] as number;
    const e = spans[i + 1] as number;
    if (e <= s) continue;
    const n = out.length;
    if (n > 0 && s <= (out[n - 1] as number)) {
      if (e > (out[n - 1] as number)) out[n - 1] = e;
    } else {
      out.push(s, e);
    }
  }
  return out;
}

/**
 * The union of spans in any order. Starts and ends are sorted separately (native
 * numeric sorts, no comparator) and swept as +1/−1 events; at equal instants starts
 * go first, so touching spans join, exactly as in the ordered merge.
 */
function mergeUnordered(spans: SpanList): SpanList {
  let n = 0;
  for (let i = 0; i < spans.length; i += 2) if ((spans[i + 1] as number) > (spans[i] as number)) n += 1;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0, k = 0; i < spans.length; i += 2) {
    const s = spans[i] as number;
    const e = spans[i + 1] as number;
    if (e <= s) continue;
    starts[k] = s;
    ends[k] = e;
    k += 1;
  }
  starts.sort();
  ends.sort();
  const out: SpanList = [];
  let open = 0;
  for (let i = 0, j = 0; j < n; ) {
    if (i < n && (starts[i] as number) <= (ends[j] as number)) {
      if (open === 0) out.push(starts[i] as number);
      open += 1;
      i += 1;
    } else {
      open -= 1;
      if (open === 0) out.push(ends[j] as number);
      j += 1;
    }
  }
  return out;
}

/**
 * Collects busy spans one at a time and yields them merged (as {@link mergeSpans}
 * would). Spans arriving in start order (bookings loaded ordered by start) are merged
 * on the fly, so the usual case needs no sort and no second pass; any out-of-order span makes {@link SpanCollector.merged} fall back to a
 * full sort-and-merge. Same set of spans in any order, same result.
 */
export class SpanCollector {
  private readonly spans: SpanList = [];
  private ordered = true;

  /** Adds the half-open span `[start, end)`; empty spans are ignored. */
  add(start: number, end: number): void {
    if (end <= start) return;
    const spans = this.spans;
    const n = spans.length;
    if (n > 0 && start >= (spans[n - 2] as number)) {
      // In order: extend the last span when they overlap or touch.
      if (start <= (spans[n - 1] as number)) {
        if (end > (spans[n - 1] as number)) spans[n - 1] = end;
        return;
      }
    } else if (n > 0) {
      this.ordered = false;
    }
    spans.push(start, end);
  }

  /** The collected spans, sorted, merged and disjoint. */
  merged(): SpanList {
    return this.ordered ? this.spans : mergeSpans(this.spans);
  }
}

/**
 * Allowed starts for a job occupying `[s - before, s + duration + after)` that must
 * fit in a gap between merged busy spans, limited to `[lo, hi]`.
 */
export function windowsBetweenSpans(
  busy: SpanList,
  before: number,
  duration: number,
  after: number,
  lo: number,
  hi: number,
): WindowList {
  const out: WindowList = [];
  let gapStart = -Infinity;
  for (let i = 0; i <= busy.length; i += 2) {
    const gapEnd = i < busy.length ? (busy[i] as number) : Infinity;
    const from = Math.max(lo, gapStart + before);
    const to = Math.min(hi, gapEnd - duration - after);
    if (from <= to) out.push(from, to);
    if (gapEnd + before > hi) break;
    gapStart = i + 1 < busy.length ? (busy[i + 1] as number) : Infinity;
  }
  return out;
}

/** Intersection of two window lists. */
export function intersectWindows(a: WindowList, b: WindowList): WindowList {
  const out: WindowList = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const aFrom = a[i] as number;
    const aTo = a[i + 1] as number;
    const bFrom = b[j] as number;
    const bTo = b[j + 1] as number;
    const from = aFrom > bFrom ? aFrom : bFrom;
    const to = aTo < bTo ? aTo : bTo;
    if (from <= to) out.push(from, to);
    if (aTo < bTo) i += 2;
    else j += 2;
  }
  return out;
}

/** Intersection of anchored windows with plain windows; each piece keeps its anchor. */
export function intersectAnchored(a: AnchoredWindowList, b: WindowList): AnchoredWindowList {
  const out: AnchoredWindowList = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const aFrom = a[i] as number;
    const aTo = a[i + 1] as number;
    const bFrom = b[j] as number;
    const bTo = b[j + 1] as number;
    const from = aFrom > bFrom ? aFrom : bFrom;
    const to = aTo < bTo ? aTo : bTo;
    if (from <= to) out.push(from, to, a[i + 2] as number);
    if (aTo < bTo) i += 3;
    else j += 2;
  }
  return out;
}

/** Union of window lists given in any order (result sorted and disjoint). */
export function unionWindows(lists: readonly WindowList[]): WindowList {
  const all: number[] = [];
  for (const list of lists) for (const x of list) all.push(x);
  // Closed windows that touch or are 1 ms apart form one continuous range of starts.
  for (let i = 1; i < all.length; i += 2) all[i] = (all[i] as number) + 1;
  const merged = mergeSpans(all);
  for (let i = 1; i < merged.length; i += 2) merged[i] = (merged[i] as number) - 1;
  return merged;
}

/** Appends the grid points `anchor + k·step` inside each anchored window to `out`. */
export function gridStarts(windows: AnchoredWindowList, step: number, out: number[]): void {
  for (let i = 0; i < windows.length; i += 3) {
    const from = windows[i] as number;
    const to = windows[i + 1] as number;
    const anchor = windows[i + 2] as number;
    const k = Math.ceil((from - anchor) / step);
    // Windows are sorted and disjoint, so the appended starts stay sorted and unique.
    let s = anchor + (k > 0 ? k : 0) * step;
    for (; s <= to; s += step) out.push(s);
  }
}
