import { describe, expect, it } from 'vitest';
import { checkRecurring, InvalidRecurrence } from '../../src/domain/index.ts';
import { at, baseInput, booking, DAY, HOUR, MONDAY_0900_ALMATY as MON } from './scheduling-fixtures.ts';

describe('checkRecurring', () => {
  it('weekly ×4: reports which occurrences are free and which conflict', () => {
    const input = baseInput({ bookings: [booking('ann', MON + 7 * DAY + HOUR, 60)] });
    const result = checkRecurring(input, { firstStartsAt: MON + HOUR, everyWeeks: 1, count: 4, zone: 'Asia/Almaty' });
    expect(result.map((o) => [o.local.date, o.local.time, o.check.ok ? 'free' : o.check.reason])).toEqual([
      ['2026-06-01', '10:00', 'free'],
      ['2026-06-08', '10:00', 'staff_busy'],
      ['2026-06-15', '10:00', 'free'],
      ['2026-06-22', '10:00', 'free'],
    ]);
  });

  it('every 2 weeks, and occurrences past the horizon conflict', () => {
    const input = baseInput({ policy: { minNoticeMin: 0, horizonDays: 20, slotStepMin: 60 } });
    const result = checkRecurring(input, { firstStartsAt: MON + HOUR, everyWeeks: 2, count: 3, zone: 'Asia/Almaty' });
    expect(result.map((o) => [o.local.date, o.check.ok ? 'free' : o.check.reason])).toEqual([
      ['2026-06-01', 'free'],
      ['2026-06-15', 'free'],
      ['2026-06-29', 'beyond_horizon'],
    ]);
  });

  it('keeps the local wall time across a DST change (Kyiv, March 2026)', () => {
    const kyiv = { id: 'ann', timeZone: 'Europe/Kyiv', weeklyHours: { 6: [{ start: '09:00', end: '18:00' }] } };
    const input = baseInput({ staff: [kyiv], now: at('2026-03-01T00:00:00Z') });
    const result = checkRecurring(input, { firstStartsAt: at('2026-03-21T08:00:00Z'), everyWeeks: 1, count: 2, zone: 'Europe/Kyiv' });
    expect(result.map((o) => [new Date(o.startsAt).toISOString(), o.local.time, o.check.ok])).toEqual([
      ['2026-03-21T08:00:00.000Z', '10:00', true],
      ['2026-03-28T08:00:00.000Z', '10:00', true],
    ]);
    const after = checkRecurring(input, { firstStartsAt: at('2026-03-28T08:00:00Z'), everyWeeks: 1, count: 2, zone: 'Europe/Kyiv' });
    expect(after.map((o) => [new Date(o.startsAt).toISOString(), o.local.time])).toEqual([
      ['2026-03-28T08:00:00.000Z', '10:00'],
      ['2026-04-04T07:00:00.000Z', '10:00'],
    ]);
  });

  it.each([[0], [105], [1.5]])('rejects count %d', (count) => {
    expect(() => checkRecurring(baseInput(), { firstStartsAt: MON, everyWeeks: 1, count, zone: 'Asia/Almaty' })).toThrow(InvalidRecurrence);
  });
});
