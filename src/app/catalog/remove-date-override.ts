import { DateOverrideSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { staffForSchedule, type ScheduleAccess } from './schedule-access.ts';

/**
 * Removes one of a staff member's date overrides (their weekly hours apply that day
 * again) and audits it (`staff.date_override_removed`). An override that is already
 * gone, or not this staff member's, changes nothing. `access` limits a staff-role user
 * to their own schedule; another business's staff member is not found.
 */
export async function removeDateOverride(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string, overrideId: string, access: ScheduleAccess = {}): Promise<void> {
  const id = Id.parse(businessId);
  await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId, access);
    const override = Id.safeParse(overrideId).success ? await em.findOne(DateOverrideSchema, { id: overrideId, staffMember: member.id }) : null;
    if (!override) return;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'staff.date_override_removed', entityType: 'staff_member', entityId: member.id, details: { date: String(override.date) } });
    em.remove(override);
    await em.flush();
  });
}
