import { z } from 'zod';
import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link rotateStaffLinkCode}: whose `/iam` code. */
export const RotateStaffLinkCodeInput = z.object({ staffId: Id });

/**
 * Gives a staff member a new `/iam` code (bumps their `linkCodeVersion`): the previous
 * code no longer links an account. An account already linked stays linked. A staff
 * member of another business is not found. Audited as `team.staff_link_code_rotated`.
 * Returns the new version.
 */
export async function rotateStaffLinkCode(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof RotateStaffLinkCodeInput>): Promise<number> {
  const input = RotateStaffLinkCodeInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await em.findOne(StaffMemberSchema, { id: input.staffId });
    if (!member) throw new NotFound('staff member');
    member.linkCodeVersion += 1;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'team.staff_link_code_rotated',
      entityType: 'staff_member',
      entityId: member.id,
      details: { version: member.linkCodeVersion },
    });
    return member.linkCodeVersion;
  });
}
