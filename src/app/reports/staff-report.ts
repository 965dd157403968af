import { DateOverrideSchema, StaffMemberSchema, TimeOffSchema, WorkingHoursSchema } from '../../db/entities/index.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { daysOf, rangeParams, ReportRange } from './report-range.ts';
import { REPORT_STAFF_RATINGS, REPORT_STAFF_WORK } from './reports-sql.ts';
import { workingMinutes } from './staff-working-minutes.ts';

/**
 * One staff member over a range. `bookedMinutes`: the time of their booked visits (not
 * cancelled, no-shows included: the time was taken); `workingMinutes`: their scheduled
 * hours less time off; `utilisation` is booked ÷ working (null without working time;
 * above 1 when booked outside hours). `workedMinutes` and `visits` are completed visits
 * only; `revenueMinor` counts completed and confirmed ones. The rating is of reviews
 * written in the range (null: none).
 */
export interface StaffLine {
  id: string;
  name: string;
  active: boolean;
  bookedMinutes: number;
  workingMinutes: number;
  utilisation: number | null;
  workedMinutes: number;
  visits: number;
  revenueMinor: number;
  rating: number | null;
  reviews: number;
}

/**
 * Staff utilisation, hours worked, visits served, revenue and rating over a range:
 * bookings and reviews are summed in PostgreSQL; working minutes come from the schedule
 * rows (`staff-working-minutes.ts`). Staff members no longer active show only when the
 * range has work of theirs.
 */
export async function staffReport(ctx: UseCaseContext, rawRange: ReportRange): Promise<StaffLine[]> {
  const range = ReportRange.parse(rawRange);
  const em = emForBusiness(ctx.orm, range.businessId);
  const params = rangeParams(range);
  const work = new Map((await runSql(em, REPORT_STAFF_WORK, params)).map((r) => [r.staff_member_id, r]));
  const ratings = new Map((await runSql(em, REPORT_STAFF_RATINGS, params)).map((r) => [r.staff_member_id, r]));
  const staff = await em.find(StaffMemberSchema, {}, { fields: ['name', 'timeZone', 'active', 'position'], orderBy: { position: 'asc', name: 'asc' } });
  const hours = await em.find(WorkingHoursSchema, { staffMember: { $ne: null } });
  const overrides = await em.find(DateOverrideSchema, { date: { $gte: range.from, $lte: range.to } });
  const timeOff = await em.find(TimeOffSchema, { startsAt: { $lt: range.toInstant }, endsAt: { $gt: range.fromInstant } });
  const rows = {
    hours: hours.map((h) => ({ staffId: h.staffMember?.id ?? '', weekday: h.weekday, startMinute: h.startMinute, endMinute: h.endMinute })),
    overrides: overrides.map((o) => ({ staffId: o.staffMember?.id ?? null, date: String(o.date).slice(0, 10), intervals: o.intervals })),
    timeOff: timeOff.map((t) => ({ staffId: t.staffMember?.id ?? null, startsAt: t.startsAt.getTime(), endsAt: t.endsAt.getTime() })),
  };
  const days = daysOf(range);
  const lines: StaffLine[] = [];
  for (const member of staff) {
    const w = work.get(member.id);
    const r = ratings.get(member.id);
    const scheduled = workingMinutes({ id: member.id, timeZone: member.timeZone ?? range.zone }, rows, days);
    if (!member.active && !w && !r) continue;
    const booked = Math.round(w?.booked_minutes ?? 0);
    lines.push({
      id: member.id,
      name: member.name,
      active: member.active,
      bookedMinutes: booked,
      workingMinutes: scheduled,
      utilisation: scheduled === 0 ? null : booked / scheduled,
      workedMinutes: Math.round(w?.worked_minutes ?? 0),
      visits: w?.visits ?? 0,
      revenueMinor: w?.revenue ?? 0,
      rating: r?.average ?? null,
      reviews: r?.reviews ?? 0,
    });
  }
  return lines;
}
