import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { workingMinutes, type ScheduleRows } from '../../../src/app/reports/staff-working-minutes.ts';

const nineToSix = (staffId: string) => Array.from({ length: 7 }, (_, i) => ({ staffId, weekday: i + 1, startMinute: 540, endMinute: 1080 }));
const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toMillis();

describe('working minutes from schedule rows', () => {
  const zone = 'Europe/Kyiv';
  it.each<[string, Partial<ScheduleRows>, string[], number]>([
    ['weekly hours, two days', {}, ['2031-03-04', '2031-03-05'], 1080],
    ['a staff override replaces the day (a short day)', { overrides: [{ staffId: 'a', date: '2031-03-04', intervals: [{ startMinute: 600, endMinute: 720 }] }] }, ['2031-03-04', '2031-03-05'], 120 + 540],
    ['a business override closes the day for everyone', { overrides: [{ staffId: null, date: '2031-03-04', intervals: [] }] }, ['2031-03-04', '2031-03-05'], 540],
    ['the staff own override wins over the business one', { overrides: [{ staffId: null, date: '2031-03-04', intervals: [] }, { staffId: 'a', date: '2031-03-04', intervals: [{ startMinute: 540, endMinute: 600 }] }] }, ['2031-03-04'], 60],
    ['time off is taken out', { timeOff: [{ staffId: 'a', startsAt: at('2031-03-04T12:00', zone), endsAt: at('2031-03-04T14:00', zone) }] }, ['2031-03-04'], 420],
    ['time off of the whole business too', { timeOff: [{ staffId: null, startsAt: at('2031-03-03T00:00', zone), endsAt: at('2031-03-05T00:00', zone) }] }, ['2031-03-04', '2031-03-05'], 540],
    ['another staff member time off is not', { timeOff: [{ staffId: 'b', startsAt: at('2031-03-04T00:00', zone), endsAt: at('2031-03-05T00:00', zone) }] }, ['2031-03-04'], 540],
    // 2031-03-30 03:00 jumps to 04:00 in Kyiv: hours 00:00-24:00 last 23 real hours.
    ['a whole-day shift on the spring-forward day', { hours: [{ staffId: 'a', weekday: 7, startMinute: 0, endMinute: 1440 }] }, ['2031-03-30'], 23 * 60],
  ])('%s', (_name, rows, days, minutes) => {
    const schedule: ScheduleRows = { hours: rows.hours ?? nineToSix('a'), overrides: rows.overrides ?? [], timeOff: rows.timeOff ?? [] };
    expect(workingMinutes({ id: 'a', timeZone: zone }, schedule, days)).toBe(minutes);
  });
});
