import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { resolveRange, searchPatterns, statusCondition } from '../../../src/app/front-desk/booking-filters.ts';
import { InvalidRequest } from '../../../src/app/shared/app-errors.ts';

const zone = 'Europe/Kyiv';
const now = DateTime.fromISO('2031-03-03T08:00', { zone }).toMillis();
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('resolveRange', () => {
  it.each([
    [{}, { days: 7 }, '2031-03-03', '2031-03-09'],
    [{}, { days: 30, endingToday: true }, '2031-02-02', '2031-03-03'],
    [{ from: '2031-03-10' }, { days: 7 }, '2031-03-10', '2031-03-16'],
    [{ to: '2031-03-10' }, { days: 7 }, '2031-03-04', '2031-03-10'],
    [{ from: '2031-03-01', to: '2031-03-01' }, { days: 7 }, '2031-03-01', '2031-03-01'],
    [{ from: '2031-01-01', to: '2031-12-31' }, { days: 7 }, '2031-01-01', '2031-12-31'],
  ])('%o with %o covers %s to %s', (filters, defaults, fromDay, toDay) => {
    const range = resolveRange(filters, zone, now, defaults);
    expect(range).toEqual({ fromDay, toDay, from: local(`${fromDay}T00:00`), until: DateTime.fromISO(`${toDay}T00:00`, { zone }).plus({ days: 1 }).toMillis() });
  });

  it('spans a DST change by local midnights (the day of the change is 23 hours)', () => {
    const range = resolveRange({ from: '2031-03-30', to: '2031-03-30' }, zone, now, { days: 7 });
    expect(range.until - range.from).toBe(23 * 3600_000);
  });

  it.each([
    [{ from: '2031-03-10', to: '2031-03-09' }, 'errors.range.inverted'],
    [{ from: '2031-01-01', to: '2032-01-02' }, 'errors.range.too_long'],
  ])('refuses %o with %s', (filters, key) => {
    expect(() => resolveRange(filters, zone, now, { days: 7 })).toThrow(InvalidRequest);
    try {
      resolveRange(filters, zone, now, { days: 7 });
    } catch (e) {
      expect((e as InvalidRequest).i18nKey).toBe(key);
    }
  });
});

describe('search and status', () => {
  it.each([
    [undefined, { nameLike: null, phoneLike: null }],
    ['Olga', { nameLike: '%olga%', phoneLike: null }],
    ['+380 (50) 123', { nameLike: '%+380 (50) 123%', phoneLike: '%38050123%' }],
    ['50%_off\\', { nameLike: '%50\\%\\_off\\\\%', phoneLike: null }],
  ])('%s searches %o', (q, expected) => {
    expect(searchPatterns(q)).toEqual(expected);
  });

  it.each([
    [undefined, { status: null, awaiting: null }],
    ['confirmed', { status: 'confirmed', awaiting: null }],
    ['awaiting_approval', { status: 'pending', awaiting: 'approval' }],
    ['awaiting_payment', { status: 'pending', awaiting: 'payment' }],
  ] as const)('%s filters %o', (filter, expected) => {
    expect(statusCondition(filter)).toEqual(expected);
  });
});
