import { z } from 'zod';
import { BusinessSchema, DateOverrideSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { DayHoursText, formatDayHours } from './day-intervals.ts';
import { InvalidField } from './invalid-field.ts';
import { instantToLocalDay, localDayField } from './local-date-time.ts';
import { staffForSchedule, type ScheduleAccess } from './schedule-access.ts';

/**
 * One date's own hours for a staff member, replacing their weekly hours that day:
 * `date` (YYYY-MM-DD, today or later in their zone, before 2200), `hours` as text like
 * `10:00-14:00` (blank: closed all day), an optional `note` (a holiday, a short day).
 */
export const DateOverrideInput = z.object({
  date: localDayField('staff_date_invalid'),
  hours: z.preprocess((v) => v ?? '', DayHoursText),
  note: textField(200, { tooLong: 'staff_note_too_long' }).default(''),
});

/**
 * Sets a staff member's hours for one date (a second override for the same date
 * replaces the first) and audits it (`staff.date_override_set`). A date before today
 * in the staff member's zone is refused (`date`). `access` limits a staff-role user to
 * their own schedule; another business's staff member is not found.
 */
export async function setDateOverride(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string, raw: unknown, access: ScheduleAccess = {}): Promise<{ id: string }> {
  const input = DateOverrideInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId, access);
    const business = await em.findOneOrFail(BusinessSchema, { id });
    const today = instantToLocalDay(new Date(ctx.now()), member.timeZone ?? business.timeZone);
    if (input.date < today) throw new InvalidField('date', 'staff_date_past');
    let override = await em.findOne(DateOverrideSchema, { staffMember: member.id, date: input.date });
    if (override) em.assign(override, { intervals: input.hours, note: input.note });
    else override = em.create(DateOverrideSchema, { business: id, staffMember: member.id, date: input.date, intervals: input.hours, note: input.note });
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'staff.date_override_set',
      entityType: 'staff_member',
      entityId: member.id,
      details: { date: input.date, hours: formatDayHours(input.hours), note: input.note },
    });
    await em.flush();
    return { id: override.id };
  });
}
