import { z } from 'zod';
import { BusinessSchema, TimeOffSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { InvalidField } from './invalid-field.ts';
import { localDateTimeField, localDateTimeToInstant } from './local-date-time.ts';
import { staffForSchedule, type ScheduleAccess } from './schedule-access.ts';

/**
 * An absence of a staff member (a vacation, a sick day, a doctor's appointment):
 * `from` and `to` as local date-times `YYYY-MM-DDTHH:MM` in the staff member's zone
 * (or the business's) of the years 2000–2199, `to` after `from`, and a `reason` the team sees.
 */
export const TimeOffInput = z
  .object({
    from: localDateTimeField('staff_date_time_invalid'),
    to: localDateTimeField('staff_date_time_invalid'),
    reason: textField(200, { tooLong: 'staff_reason_too_long' }).default(''),
    /** Whose clock `from` and `to` are read on: the staff member's (their schedule page) or the business's (the desk's calendar). */
    zone: z.enum(['staff', 'business']).default('staff'),
  })
  // Compared only when both are well-formed (the same format orders as text).
  .refine((v) => v.to > v.from, { path: ['to'], message: 'staff_time_off_order', when: (payload) => payload.issues.length === 0 });

/**
 * Adds time off for a staff member (busy time for availability) and audits it
 * (`staff.time_off_added`). Times are read in the staff member's zone; one that is not
 * a real date (`2031-02-30`) is refused on its field, as is time off that has already
 * ended. `access` limits a staff-role user to their own schedule; another business's
 * staff member is not found.
 */
export async function addTimeOff(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string, raw: unknown, access: ScheduleAccess = {}): Promise<{ id: string }> {
  const input = TimeOffInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId, access);
    const business = await em.findOneOrFail(BusinessSchema, { id });
    const zone = input.zone === 'business' ? business.timeZone : (member.timeZone ?? business.timeZone);
    const from = localDateTimeToInstant(input.from, zone);
    const to = localDateTimeToInstant(input.to, zone);
    if (!from) throw new InvalidField('from', 'staff_date_time_invalid');
    if (!to) throw new InvalidField('to', 'staff_date_time_invalid');
    // A clock change can fold two local times onto one instant.
    if (to <= from) throw new InvalidField('to', 'staff_time_off_order');
    if (to.getTime() <= ctx.now()) throw new InvalidField('to', 'staff_time_off_past');
    const timeOff = em.create(TimeOffSchema, { business: id, staffMember: member.id, startsAt: from, endsAt: to, reason: input.reason });
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'staff.time_off_added',
      entityType: 'staff_member',
      entityId: member.id,
      details: { from: from.toISOString(), to: to.toISOString(), reason: input.reason },
    });
    await em.flush();
    return { id: timeOff.id };
  });
}
