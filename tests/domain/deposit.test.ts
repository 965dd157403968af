import { describe, expect, it } from 'vitest';
import {
  depositFor,
  InvalidAmount,
} from '../../src/domain/index.ts';


describe('deposits', () => {
  it.each<[number, Parameters<typeof depositFor>[1], number]>([
    [10_000, { kind: 'none' }, 0],
    [10_000, { kind: 'percent', basisPoints: 3000 }, 3000],
    [3_333, { kind: 'percent', basisPoints: 2500 }, 833], // 833.25 → 833
    [3_334, { kind: 'percent', basisPoints: 2500 }, 834], // 833.5 → 834
    [10_000, { kind: 'fixed', amountMinor: 2000 }, 2000],
    [1_500, { kind: 'fixed', amountMinor: 2000 }, 1500],
    [0, { kind: 'fixed', amountMinor: 2000 }, 0],
  ])('total %i with %j → %i', (total, rule, expected) => {
    expect(depositFor(total, rule)).toBe(expected);
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects a total of %d', (total) => {
    expect(() => depositFor(total, { kind: 'none' })).toThrow(InvalidAmount);
  });
});

