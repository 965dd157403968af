import { describe, expect, it } from 'vitest';
import { nearestFreeTimes, recurringStarts } from '../../src/domain/index.ts';
import { baseInput, booking, DAY, HOUR, MONDAY_0900_ALMATY as MON } from './scheduling-fixtures.ts';

const label = (slots: readonly { local: { date: string; time: string } }[]) => slots.map((s) => `${s.local.date} ${s.local.time}`);

describe('nearestFreeTimes', () => {
  it.each([
    // [what is busy on Monday (start hour, minutes), the wanted hour, what is offered]
    ['the hours either side are free: the earlier wins the tie', [[12, 60]], 12, ['2026-06-01 11:00', '2026-06-01 13:00', '2026-06-01 10:00']],
    ['the hour before is busy too: after, then further before', [[11, 120]], 12, ['2026-06-01 13:00', '2026-06-01 10:00', '2026-06-01 14:00']],
    ['nothing free within 2 h: the next days at the same time', [[9, 8 * 60]], 12, ['2026-06-02 12:00', '2026-06-03 12:00', '2026-06-04 12:00']],
    ['the last hour of the day: same day, then the next', [[15, 120]], 16, ['2026-06-01 14:00', '2026-06-02 16:00', '2026-06-03 16:00']],
  ] as const)('%s', (_name, busy, hour, expected) => {
    const input = baseInput({ bookings: busy.map(([h, minutes]) => booking('ann', MON + (h - 9) * HOUR, minutes)) });
    expect(label(nearestFreeTimes(input, MON + (hour - 9) * HOUR, 'Asia/Almaty'))).toEqual(expected);
  });

  it('skips days with nothing free (the weekend) and stops at the count', () => {
    // Friday 2026-06-05, fully booked: Saturday and Sunday are closed, Monday is next.
    const friday = MON + 4 * DAY;
    const input = baseInput({ bookings: [booking('ann', friday, 8 * 60)] });
    expect(label(nearestFreeTimes(input, friday + 3 * HOUR, 'Asia/Almaty', { count: 2, sameDayMinutes: 120, laterDays: 6 }))).toEqual(['2026-06-08 12:00', '2026-06-09 12:00']);
  });

  it('offers nothing past the booking horizon', () => {
    const input = baseInput({ policy: { minNoticeMin: 0, horizonDays: 3, slotStepMin: 60 } });
    expect(nearestFreeTimes(input, MON + 10 * DAY, 'Asia/Almaty')).toEqual([]);
  });
});

describe('recurringStarts', () => {
  it('starts each occurrence 1 or 2 weeks after the one before, the first included', () => {
    expect(recurringStarts({ firstStartsAt: MON, everyWeeks: 2, count: 3, zone: 'Asia/Almaty' })).toEqual([MON, MON + 14 * DAY, MON + 28 * DAY]);
  });
});
