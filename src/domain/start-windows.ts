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

/** Sorts a span list by start (in place when needed) and merges overlapping or touching spans. */
export function mergeSpans(spans: SpanList): SpanList {
  let sorted = true;
  for (let i = 2; i < spans.length; i += 2) {
    if ((spans[i] as number) < (spans[i - 2] as number)) {
      sorted = false;
      break;
    }
  }
  let src = spans;
  if (!sorted) {
    const order = Array.from({ length: spans.length / 2 }, (_, k) => k);
    order.sort((a, b) => (spans[2 * a] as number) - (spans[2 * b] as number));
    src = new Array<number>(spans.length);
    for (let k = 0; k < order.length; k += 1) {
      const o = order[k] as number;
      src[2 * k] = spans[2 * o] as number;
      src[2 * k + 1] = spans[2 * o + 1] as number;
    }
  }
  const out: SpanList = [];
  for (let i = 0; i < src.length; i += 2) {
    const s = src[i] as number;
    const e = src[i + 1] as number;
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
