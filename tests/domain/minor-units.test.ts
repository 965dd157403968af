import { describe, expect, it } from 'vitest';
import {
  percentOfMinor,
} from '../../src/domain/index.ts';


describe('rounding: percent of minor units, half up', () => {
  it.each([
    [333, 1500, 50], // 49.95 → 50
    [5, 1000, 1], // 0.5 → 1
    [4, 1000, 0], // 0.4 → 0
    [10_000, 1500, 1500],
    [999, 3333, 333], // 332.9667 → 333
    [1, 5000, 1], // 0.5 → 1
    [0, 5000, 0],
    [1_000_000_000_000, 10_000, 1_000_000_000_000],
  ])('%i × %i bp = %i', (amount, bp, expected) => {
    expect(percentOfMinor(amount, bp)).toBe(expected);
  });
});

