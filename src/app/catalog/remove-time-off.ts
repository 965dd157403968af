import { TimeOffSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { staffForSchedule, type ScheduleAccess } from './schedule-access.ts';

/**
 * Removes a staff member's time off and audits it (`staff.time_off_removed`); time
 * off that is already gone, or not this staff member's, changes nothing. `access`
 * limits a staff-role user to their own schedule; another business's staff member is
 * not found.
 */
export async function removeTimeOff(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string, timeOffId: string, access: ScheduleAccess = {}): Promise<void> {
  const id = Id.parse(businessId);
  await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId, access);
    const timeOff = Id.safeParse(timeOffId).success ? await em.findOne(TimeOffSchema, { id: timeOffId, staffMember: member.id }) : null;
    if (!timeOff) return;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'staff.time_off_removed',
      entityType: 'staff_member',
      entityId: member.id,
      details: { from: timeOff.startsAt.toISOString(), to: timeOff.endsAt.toISOString(), reason: timeOff.reason },
    });
    em.remove(timeOff);
    await em.flush();
  });
}
