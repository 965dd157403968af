import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSpans, SpanCollector, type SpanList } from '../../src/domain/start-windows.ts';

const collect = (spans: SpanList): SpanList => {
  const c = new SpanCollector();
  for (let i = 0; i < spans.length; i += 2) c.add(spans[i] as number, spans[i + 1] as number);
  return c.merged();
};

/** Reference union: mark covered unit cells, read maximal runs back (small integer spans only). */
function unionByCells(spans: SpanList): SpanList {
  const covered = new Set<number>();
  for (let i = 0; i < spans.length; i += 2) for (let t = spans[i] as number; t < (spans[i + 1] as number); t += 1) covered.add(t);
  const cells = [...covered].sort((a, b) => a - b);
  const out: SpanList = [];
  for (const t of cells) {
    if (out.length > 0 && out[out.length - 1] === t) out[out.length - 1] = t + 1;
    else out.push(t, t + 1);
  }
  return out;
}

const spansArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: -5, max: 40 })), { maxLength: 40 })
  .map((pairs) => pairs.flatMap(([s, len]) => [s, s + len]));

describe('mergeSpans and SpanCollector', () => {
  it.each<[string, SpanList, SpanList]>([
    ['touching spans join', [0, 10, 10, 20], [0, 20]],
    ['empty and inverted spans are dropped', [5, 5, 8, 3, 1, 2], [1, 2]],
    ['out of order', [30, 40, 0, 10, 5, 12], [0, 12, 30, 40]],
    ['nested', [0, 100, 10, 20, 50, 60], [0, 100]],
    ['gap of one', [0, 10, 11, 20], [0, 10, 11, 20]],
  ])('%s', (_name, spans, expected) => {
    expect(mergeSpans(spans)).toEqual(expected);
    expect(collect(spans)).toEqual(expected);
  });

  it('both give the union of the spans, in any input order', () => {
    fc.assert(
      fc.property(spansArb, fc.array(fc.nat()), (spans, keys) => {
        const expected = unionByCells(spans);
        const pairs = Array.from({ length: spans.length / 2 }, (_, k) => k);
        pairs.sort((a, b) => (keys[a] ?? a) - (keys[b] ?? b) || a - b);
        const shuffled = pairs.flatMap((k) => [spans[2 * k] as number, spans[2 * k + 1] as number]);
        expect(mergeSpans(spans)).toEqual(expected);
        expect(mergeSpans(shuffled)).toEqual(expected);
        expect(collect(spans)).toEqual(expected);
        expect(collect(shuffled)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves its input untouched', () => {
    const spans = [30, 40, 0, 10, 5, 12];
    mergeSpans(spans);
    expect(spans).toEqual([30, 40, 0, 10, 5, 12]);
  });
});
