import { formatMinuteOfDay, subtractIntervals, workingIntervalsOn, type Interval, type LocalTimeRange, type StaffSchedule, type Weekday } from '../../domain/index.ts';

/** The schedule rows of one business, as stored (`working_hours`, `date_override`, `time_off`). */
export interface ScheduleRows {
  hours: { staffId: string; weekday: number; startMinute: number; endMinute: number }[];
  /** `staffId` null: the business's own override (a holiday), which a staff member's own override replaces. */
  overrides: { staffId: string | null; date: string; intervals: { startMinute: number; endMinute: number }[] }[];
  /** `staffId` null: the whole business is closed then. */
  timeOff: { staffId: string | null; startsAt: number; endsAt: number }[];
}

/**
 * Minutes a staff member was scheduled to work on the given local days: the weekly hours
 * of each day (or that date's override), less time off, in their own zone (a DST day
 * counts its real length). Computed here from the schedule rows, which are a few per
 * staff member, never from bookings.
 */
export function workingMinutes(staff: { id: string; timeZone: string }, rows: ScheduleRows, days: readonly string[]): number {
  const toRange = (i: { startMinute: number; endMinute: number }): LocalTimeRange => ({ start: formatMinuteOfDay(i.startMinute), end: formatMinuteOfDay(i.endMinute) });
  const weeklyHours: Partial<Record<Weekday, LocalTimeRange[]>> = {};
  for (const h of rows.hours) if (h.staffId === staff.id) (weeklyHours[h.weekday as Weekday] ??= []).push(toRange(h));
  const dateOverrides: Record<string, LocalTimeRange[]> = {};
  for (const o of rows.overrides) if (o.staffId === null) dateOverrides[o.date] = o.intervals.map(toRange);
  for (const o of rows.overrides) if (o.staffId === staff.id) dateOverrides[o.date] = o.intervals.map(toRange);
  const schedule: StaffSchedule = { id: staff.id, timeZone: staff.timeZone, weeklyHours, dateOverrides };
  const away: Interval[] = rows.timeOff.filter((t) => t.staffId === null || t.staffId === staff.id).map((t) => ({ start: t.startsAt, end: t.endsAt }));
  let total = 0;
  for (const day of days) {
    for (const span of subtractIntervals(workingIntervalsOn(schedule, day), away)) total += span.end - span.start;
  }
  return Math.round(total / 60_000);
}
