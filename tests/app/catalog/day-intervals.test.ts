import { describe, expect, it } from 'vitest';
import { formatDayHours, parseDayHours } from '../../../src/app/catalog/day-intervals.ts';
import { WeeklyHoursInput } from '../../../src/app/catalog/set-weekly-hours.ts';

const m = (h: number, min = 0) => h * 60 + min;

describe('a day typed as text', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['09:00-18:00', [[m(9), m(18)]]],
    ['09:00-13:00, 14:00-18:00', [[m(9), m(13)], [m(14), m(18)]]],
    ['14:00-18:00; 9:00 – 13:00', [[m(9), m(13)], [m(14), m(18)]]],
    ['09.00—13.00\n13:00-18:30,', [[m(9), m(13)], [m(13), m(18, 30)]]],
    ['22:00-24:00', [[m(22), m(24)]]],
    ['00:00-24:00', [[0, m(24)]]],
  ])('%j is %j', (text, expected) => {
    const result = parseDayHours(text);
    expect(result).toEqual({ ok: true, intervals: expected.map(([startMinute, endMinute]) => ({ startMinute, endMinute })) });
  });

  it.each([
    ['9-18', 'staff_hours_format'],
    ['09:00', 'staff_hours_format'],
    ['09:00-13:00 14:00-18:00', 'staff_hours_format'],
    ['nine to five', 'staff_hours_format'],
    ['09:00-25:00', 'staff_hours_range'],
    ['09:60-10:00', 'staff_hours_range'],
    ['24:30-24:45', 'staff_hours_range'],
    ['18:00-09:00', 'staff_hours_reversed'],
    ['10:00-10:00', 'staff_hours_reversed'],
    ['24:00-24:00', 'staff_hours_reversed'],
    ['09:00-13:00, 12:00-18:00', 'staff_hours_overlap'],
    ['12:00-18:00, 09:00-12:30', 'staff_hours_overlap'],
    [Array.from({ length: 13 }, (_, i) => `${String(i).padStart(2, '0')}:00-${String(i).padStart(2, '0')}:30`).join(', '), 'staff_hours_excess'],
  ])('%j is refused: %s', (text, problem) => {
    expect(parseDayHours(text)).toEqual({ ok: false, problem });
  });

  it('is written back the way it is typed', () => {
    expect(formatDayHours([{ startMinute: m(9), endMinute: m(13) }, { startMinute: m(14), endMinute: m(24) }])).toBe('09:00-13:00, 14:00-24:00');
  });
});

describe('WeeklyHoursInput', () => {
  const all = (days: Record<number, [number, number][]>) =>
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, intervals: (days[weekday] ?? []).map(([startMinute, endMinute]) => ({ startMinute, endMinute })) }));

  it('reads the form: d1…d7, blank or missing days off', () => {
    const parsed = WeeklyHoursInput.parse({ d1: '09:00-13:00, 14:00-18:00', d3: '10:00-16:00', d7: '' });
    expect(parsed.days).toEqual(all({ 1: [[m(9), m(13)], [m(14), m(18)]], 3: [[m(10), m(16)]] }));
  });

  it('reads the list shape: days not listed are off, weekdays may be strings', () => {
    const parsed = WeeklyHoursInput.parse({ days: [{ weekday: '5', intervals: [{ start: '09:00', end: '24:00' }] }, { weekday: 1, intervals: [] }] });
    expect(parsed.days).toEqual(all({ 5: [[m(9), m(24)]] }));
  });

  it("puts each day's error on its own field", () => {
    const result = WeeklyHoursInput.safeParse({ d1: '09:00-18:00', d2: '18:00-09:00', d4: '09:00-13:00, 12:00-14:00' });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['d2', 'staff_hours_reversed'],
      ['d4', 'staff_hours_overlap'],
    ]);
  });

  it('refuses a weekday out of range, a weekday twice and bad intervals in the list shape', () => {
    const issues = (raw: unknown) => WeeklyHoursInput.safeParse(raw).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ days: [{ weekday: 8, intervals: [] }] })).toEqual([['days.0.weekday', 'staff_weekday_invalid']]);
    expect(issues({ days: [{ weekday: 0, intervals: [] }] })).toEqual([['days.0.weekday', 'staff_weekday_invalid']]);
    expect(issues({ days: [{ weekday: 2, intervals: [] }, { weekday: 2, intervals: [] }] })).toEqual([['days.1.weekday', 'staff_weekday_duplicate']]);
    expect(issues({ days: [{ weekday: 2, intervals: [{ start: '25:00', end: '26:00' }] }] })).toEqual([['days.0.intervals', 'staff_hours_range']]);
  });
});
