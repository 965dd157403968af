import { describe, expect, it } from 'vitest';
import { InvalidSchedule, InvalidTimeZone, workingIntervalsOn, type StaffSchedule } from '../../src/domain/index.ts';
import { weekdayStaff } from './scheduling-fixtures.ts';

const hours = (staff: StaffSchedule, date: string) => workingIntervalsOn(staff, date).map((i) => `${new Date(i.start).toISOString().slice(11, 16)}-${new Date(i.end).toISOString().slice(11, 16)}`);

describe('workingIntervalsOn', () => {
  it.each<[string, StaffSchedule, string, string[]]>([
    ['Almaty Monday (UTC+5)', weekdayStaff('a'), '2026-06-01', ['04:00-12:00']],
    ['closed Sunday', weekdayStaff('a'), '2026-06-07', []],
    ['with a break', weekdayStaff('a', { breaks: [{ start: '12:00', end: '13:00' }] }), '2026-06-01', ['04:00-07:00', '08:00-12:00']],
    ['overlapping breaks', weekdayStaff('a', { breaks: [{ start: '12:00', end: '13:00' }, { start: '12:30', end: '14:00' }] }), '2026-06-01', ['04:00-07:00', '09:00-12:00']],
    ['override', weekdayStaff('a', { dateOverrides: { '2026-06-07': [{ start: '10:00', end: '12:00' }] } }), '2026-06-07', ['05:00-07:00']],
    ['until midnight', weekdayStaff('a', { weeklyHours: { 1: [{ start: '20:00', end: '24:00' }] } }), '2026-06-01', ['15:00-19:00']],
  ])('%s', (_name, staff, date, expected) => {
    expect(hours(staff, date)).toEqual(expected);
  });

  it.each<[string, Partial<StaffSchedule>, unknown]>([
    ['end before start', { weeklyHours: { 1: [{ start: '10:00', end: '09:00' }] } }, InvalidSchedule],
    ['overlapping intervals', { weeklyHours: { 1: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }, InvalidSchedule],
    ['malformed time', { weeklyHours: { 1: [{ start: '9am', end: '12:00' }] } }, InvalidSchedule],
    ['malformed override date', { dateOverrides: { '2026-02-30': [] } }, InvalidSchedule],
    ['unknown zone', { timeZone: 'Europe/Atlantis' }, InvalidTimeZone],
  ])('rejects %s with a typed error', (_name, extra, error) => {
    expect(() => workingIntervalsOn(weekdayStaff('a', extra), '2026-06-01')).toThrow(error as typeof Error);
  });
});
