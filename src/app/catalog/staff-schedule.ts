import { BusinessSchema, DateOverrideSchema, TimeOffSchema, WorkingHoursSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { formatDayHours } from './day-intervals.ts';
import { instantToLocalDateTime, instantToLocalDay } from './local-date-time.ts';
import { staffForSchedule, type ScheduleAccess } from './schedule-access.ts';
import { WEEKDAYS, type WeekdayField } from './set-weekly-hours.ts';

/** A staff member's schedule as the panel's schedule page shows it, in their zone. */
export interface StaffScheduleView {
  staff: { id: string; name: string; dailyBookingCap: number | null };
  /** The zone the hours are in: theirs, or the business's. */
  timeZone: string;
  /** Today's date in that zone (overrides before it are not listed). */
  today: string;
  /** Each weekday's hours as text (`09:00-13:00, 14:00-18:00`; blank: off), `d1` = Monday. */
  weekly: Record<WeekdayField, string>;
  /** Date overrides from today on, by date. */
  overrides: { id: string; date: string; hours: string; closed: boolean; note: string }[];
  /** Time off that has not ended yet, by start; local date-times in `timeZone`. */
  timeOff: { id: string; from: string; to: string; reason: string }[];
}

/**
 * A staff member's weekly hours, upcoming date overrides and time off. `access` limits
 * a staff-role user to their own schedule; another business's staff member is not found.
 */
export async function staffSchedule(ctx: UseCaseContext, businessId: string, staffId: string, access: ScheduleAccess = {}): Promise<StaffScheduleView> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const member = await staffForSchedule(em, staffId, access);
  const business = await em.findOneOrFail(BusinessSchema, { id });
  const timeZone = member.timeZone ?? business.timeZone;
  const now = ctx.now();
  const today = instantToLocalDay(new Date(now), timeZone);
  const hours = await em.find(WorkingHoursSchema, { staffMember: member.id }, { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] });
  const overrides = await em.find(DateOverrideSchema, { staffMember: member.id, date: { $gte: today } }, { orderBy: { date: 'asc' } });
  const timeOff = await em.find(TimeOffSchema, { staffMember: member.id, endsAt: { $gt: new Date(now) } }, { orderBy: { startsAt: 'asc' } });
  return {
    staff: { id: member.id, name: member.name, dailyBookingCap: member.dailyBookingCap ?? null },
    timeZone,
    today,
    weekly: Object.fromEntries(WEEKDAYS.map((d) => [`d${d}`, formatDayHours(hours.filter((h) => h.weekday === d))])) as Record<WeekdayField, string>,
    overrides: overrides.map((o) => ({ id: o.id, date: String(o.date), hours: formatDayHours(o.intervals), closed: o.intervals.length === 0, note: o.note })),
    timeOff: timeOff.map((t) => ({ id: t.id, from: instantToLocalDateTime(t.startsAt, timeZone), to: instantToLocalDateTime(t.endsAt, timeZone), reason: t.reason })),
  };
}
