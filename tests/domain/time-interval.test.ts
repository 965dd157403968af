import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeIntervals, overlaps, subtractIntervals, type Interval } from '../../src/domain/index.ts';

const iv = (start: number, end: number): Interval => ({ start, end });

describe('intervals', () => {
  it.each([
    [iv(0, 10), iv(10, 20), false],
    [iv(0, 10), iv(9, 20), true],
    [iv(5, 6), iv(0, 10), true],
    [iv(0, 0), iv(0, 10), false],
  ])('overlaps(%j, %j) = %s', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
  });

  it.each([
    [[iv(5, 8), iv(0, 3), iv(2, 4)], [iv(0, 4), iv(5, 8)]],
    [[iv(0, 3), iv(3, 6)], [iv(0, 6)]],
    [[iv(4, 4)], []],
  ])('mergeIntervals(%j)', (input, expected) => {
    expect(mergeIntervals(input)).toEqual(expected);
  });

  it.each([
    [[iv(0, 10)], [iv(2, 3), iv(5, 7)], [iv(0, 2), iv(3, 5), iv(7, 10)]],
    [[iv(0, 10)], [iv(-5, 20)], []],
    [[iv(0, 4), iv(6, 10)], [iv(3, 7)], [iv(0, 3), iv(7, 10)]],
  ])('subtractIntervals(%j, %j)', (from, remove, expected) => {
    expect(subtractIntervals(from, remove)).toEqual(expected);
  });

  it('property: subtraction agrees with a point-by-point check', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 })).map(([s, l]) => iv(s, s + l)), { maxLength: 6 });
    fc.assert(
      fc.property(arb, arb, (from, remove) => {
        const out = subtractIntervals(from, remove);
        for (let t = 0; t < 52; t += 1) {
          const inFrom = from.some((i) => i.start <= t && t < i.end);
          const inRemove = remove.some((i) => i.start <= t && t < i.end);
          expect(out.some((i) => i.start <= t && t < i.end)).toBe(inFrom && !inRemove);
        }
        for (let k = 1; k < out.length; k += 1) expect(out[k - 1]!.end).toBeLessThan(out[k]!.start);
      }),
    );
  });
});
