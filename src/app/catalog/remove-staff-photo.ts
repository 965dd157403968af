import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import { dropUpload, uploadKeys } from '../shared/uploaded-file-keys.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { staffForSchedule } from './schedule-access.ts';

/**
 * Removes a staff member's photo (audited as `staff.photo_removed`); removing a photo
 * that is not there changes nothing. Another business's staff member is not found.
 */
export async function removeStaffPhoto(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string): Promise<void> {
  const id = Id.parse(businessId);
  const removed = await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId);
    if (member.photoType === null || member.photoType === undefined) return null;
    member.photo = null;
    member.photoType = null;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'staff.photo_removed', entityType: 'staff_member', entityId: member.id });
    await em.flush();
    return member.id;
  });
  if (removed) await dropUpload(ctx, uploadKeys.staffPhoto(id, removed));
}
