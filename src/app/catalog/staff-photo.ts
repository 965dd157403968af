import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { ImageType } from '../shared/uploaded-image.ts';
import { readUpload, uploadKeys } from '../shared/uploaded-file-keys.ts';

const IMAGE_TYPES: readonly ImageType[] = ['image/png', 'image/jpeg', 'image/webp'];
const isImageType = (type: string): type is ImageType => (IMAGE_TYPES as readonly string[]).includes(type);

/** A staff member's photo with the type sniffed when it was stored (from object storage when the row keeps no bytes); null when there is none (or no such staff member here). */
export async function staffPhoto(ctx: UseCaseContext, businessId: string, staffId: string): Promise<{ data: Buffer; type: ImageType } | null> {
  const id = Id.parse(businessId);
  if (!Id.safeParse(staffId).success) return null;
  const em = emForBusiness(ctx.orm, id);
  const member = await em.findOne(StaffMemberSchema, { id: staffId }, { populate: ['photo'] });
  const type = member?.photoType;
  if (!member || !type || !isImageType(type)) return null;
  const data = await readUpload(ctx, uploadKeys.staffPhoto(id, member.id), member.photo);
  return data ? { data, type } : null;
}
