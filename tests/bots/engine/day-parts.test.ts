import { describe, expect, it } from 'vitest';
import { dayPartOf, groupByDayPart } from '../../../src/bots/engine/day-parts.ts';

describe('dayPartOf', () => {
  it.each([
    ['00:00', 'morning'],
    ['09:00', 'morning'],
    ['11:59', 'morning'],
    ['12:00', 'afternoon'],
    ['16:45', 'afternoon'],
    ['17:00', 'evening'],
    ['23:30', 'evening'],
  ])('puts %s in the %s', (time, part) => {
    expect(dayPartOf(time)).toBe(part);
  });
});

describe('groupByDayPart', () => {
  it('keeps the order of the day and of the items, and leaves empty parts out', () => {
    const times = ['09:00', '09:30', '17:00', '18:30'];
    expect(groupByDayPart(times, (t) => t)).toEqual([
      { part: 'morning', items: ['09:00', '09:30'] },
      { part: 'evening', items: ['17:00', '18:30'] },
    ]);
    expect(groupByDayPart([], (t: string) => t)).toEqual([]);
  });
});
