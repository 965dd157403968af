import { emForBusiness } from '../../db/tenant-scope.ts';
import { checkImage, type ImageRejection } from '../shared/uploaded-image.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import { storeUpload, uploadKeys } from '../shared/uploaded-file-keys.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { staffForSchedule } from './schedule-access.ts';

/**
 * Stores a staff member's photo after checking it by content (PNG, JPEG or WebP,
 * ≤ 1 MiB): a refused file changes nothing and says why. Audited as
 * `staff.photo_set`; another business's staff member is not found.
 */
export async function setStaffPhoto(ctx: UseCaseContext, businessId: string, actor: Actor, staffId: string, data: Uint8Array): Promise<{ ok: true } | { ok: false; reason: ImageRejection }> {
  const checked = checkImage(data);
  if (!checked.ok) return checked;
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const member = await staffForSchedule(em, staffId);
    // Found first (another business's staff member stores nothing); with object storage the row keeps no bytes.
    member.photo = await storeUpload(ctx, uploadKeys.staffPhoto(id, member.id), data, checked.type);
    member.photoType = checked.type;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'staff.photo_set', entityType: 'staff_member', entityId: member.id, details: { type: checked.type, bytes: data.length } });
    await em.flush();
    return { ok: true as const };
  });
}
