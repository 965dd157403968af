import { z } from 'zod';
import { WorkingHoursSchema, type LocalMinuteInterval } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { DayHoursText, DayIntervalList, formatDayHours } from './day-intervals.ts';
import { staffForSchedule, type ScheduleAccess } from './schedule-access.ts';

/** ISO weekdays, Monday = 1 … Sunday = 7. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The form's field for a weekday's hours (`d1` = Monday … `d7` = Sunday). */
export type WeekdayField = `d${(typeof WEEKDAYS)[number]}`;

/** One weekday's working intervals in minutes from local midnight (none: a day off). */
export interface WeekdayHours {
  weekday: (typeof WEEKDAYS)[number];
  intervals: LocalMinuteInterval[];
}

const dayField = DayHoursText.optional();

/**
 * A staff member's weekly hours, in either of two shapes:
 * - `{ days: [{ weekday: 1..7, intervals: [{ start: '09:00', end: '13:00' }, …] }] }`
 *   (weekday ISO, Monday = 1; a weekday not listed is a day off), or
 * - the panel's form: `d1` … `d7`, each text like `09:00-13:00, 14:00-18:00` (blank or
 *   missing: a day off).
 *
 * Several intervals a day, the gaps between them being breaks. Reversed or overlapping
 * intervals and times outside 00:00–24:00 are refused per day: the error is on `dN`
 * (form) or `days.<i>.intervals`. Parses to all seven weekdays, Monday first.
 */
export const WeeklyHoursInput = z
  .object({
    days: z
      .array(z.object({ weekday: z.coerce.number({ error: 'staff_weekday_invalid' }).int('staff_weekday_invalid').min(1, 'staff_weekday_invalid').max(7, 'staff_weekday_invalid'), intervals: DayIntervalList }))
      .max(7, 'staff_weekday_duplicate')
      .optional(),
    d1: dayField,
    d2: dayField,
    d3: dayField,
    d4: dayField,
    d5: dayField,
    d6: dayField,
    d7: dayField,
  })
  .transform((input, ctx): { days: WeekdayHours[] } => {
    const byDay = new Map<number, LocalMinuteInterval[]>();
    if (input.days) {
      input.days.forEach((day, i) => {
        if (byDay.has(day.weekday)) ctx.addIssue({ code: 'custom', path: ['days', i, 'weekday'], message: 'staff_weekday_duplicate' });
        byDay.set(day.weekday, day.intervals);
      });
    } else {
      for (const weekday of WEEKDAYS) byDay.set(weekday, input[`d${weekday}`] ?? []);
    }
    return { days: WEEKDAYS.map((weekday) => ({ weekday, intervals: byDay.get(weekday) ?? [] })) };
  });

/** The hours as the audit log keeps them: weekday → `09:00-13:00, 14:00-18:00`. */
export function weeklyHoursText(days: readonly WeekdayHours[]): Record<string, string> {
  return Object.fromEntries(days.map((d) => [String(d.weekday), formatDayHours(d.intervals)]));
}

/**
 * Replaces a staff member's weekly hours (the `working_hours` rows availability reads)
 * with the given ones, in one transaction, and audits the change. `access` limits a
 * staff-role user to their own schedule (see {@link ScheduleAccess}); another
 * business's staff member is not found.
 */
export async function setWeeklyHours(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string, raw: unknown, access: ScheduleAccess = {}): Promise<void> {
  const input = WeeklyHoursInput.parse(raw);
  const id = Id.parse(businessId);
  await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId, access);
    await em.nativeDelete(WorkingHoursSchema, { business: id, staffMember: member.id });
    for (const day of input.days) {
      for (const interval of day.intervals) {
        em.create(WorkingHoursSchema, { business: id, staffMember: member.id, weekday: day.weekday, startMinute: interval.startMinute, endMinute: interval.endMinute });
      }
    }
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'staff.hours_set',
      entityType: 'staff_member',
      entityId: member.id,
      details: { hours: weeklyHoursText(input.days) },
    });
    await em.flush();
  });
}
