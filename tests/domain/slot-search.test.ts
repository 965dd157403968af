import { describe, expect, it } from 'vitest';
import { daysWithFreeSlots, InvalidSlotSearch, nextFreeSlots } from '../../src/domain/index.ts';
import { baseInput, booking, DAY, HOUR, MONDAY_0900_ALMATY as MON, weekdayStaff } from './scheduling-fixtures.ts';

describe('nextFreeSlots', () => {
  it('returns the next N free slots after a time, skipping taken ones', () => {
    const input = baseInput({ bookings: [booking('ann', MON + HOUR, 60), booking('ann', MON + 2 * HOUR, 60)] });
    const slots = nextFreeSlots(input, MON + HOUR, 3, 'Asia/Almaty');
    expect(slots.map((s) => s.local.time)).toEqual(['12:00', '13:00', '14:00']);
  });

  it('crosses weekends and search chunks', () => {
    const slots = nextFreeSlots(baseInput(), MON + 4 * DAY + 7 * HOUR, 2, 'Asia/Almaty');
    expect(slots.map((s) => `${s.local.date} ${s.local.time}`)).toEqual(['2026-06-05 16:00', '2026-06-08 09:00']);
  });

  it('stops at the horizon with fewer than asked', () => {
    const input = baseInput({ policy: { minNoticeMin: 0, horizonDays: 2, slotStepMin: 60 } });
    expect(nextFreeSlots(input, MON + 6 * HOUR, 50, 'Asia/Almaty')).toHaveLength(2); // horizon ends Tue 05:00 local: only Mon 15:00 and 16:00 remain
  });
});

describe('daysWithFreeSlots', () => {
  it('counts free slots per local day for a date picker', () => {
    const staff = [weekdayStaff('ann', { dateOverrides: { '2026-06-03': [] }, maxBookingsPerDay: 1 })];
    const input = baseInput({ staff, bookings: [booking('ann', MON + DAY, 60)] });
    expect(daysWithFreeSlots(input, '2026-05-31', 6, 'Asia/Almaty')).toEqual([
      { date: '2026-05-31', freeSlots: 0 },
      { date: '2026-06-01', freeSlots: 8 },
      { date: '2026-06-02', freeSlots: 0 },
      { date: '2026-06-03', freeSlots: 0 },
      { date: '2026-06-04', freeSlots: 8 },
      { date: '2026-06-05', freeSlots: 8 },
    ]);
  });

  it('rejects a malformed date', () => {
    expect(() => daysWithFreeSlots(baseInput(), '2026-13-01', 3, 'Asia/Almaty')).toThrow(InvalidSlotSearch);
  });
});
