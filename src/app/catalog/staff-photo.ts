import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { ImageType } from '../shared/uploaded-image.ts';

const IMAGE_TYPES: readonly ImageType[] = ['image/png', 'image/jpeg', 'image/webp'];
const isImageType = (type: string): type is ImageType => (IMAGE_TYPES as readonly string[]).includes(type);

/** A staff member's photo with the type sniffed when it was stored; null when there is none (or no such staff member here). */
export async function staffPhoto(ctx: UseCaseContext, businessId: string, staffId: string): Promise<{ data: Buffer; type: ImageType } | null> {
  const id = Id.parse(businessId);
  if (!Id.safeParse(staffId).success) return null;
  const em = emForBusiness(ctx.orm, id);
  const member = await em.findOne(StaffMemberSchema, { id: staffId }, { populate: ['photo'] });
  const type = member?.photoType;
  if (!member?.photo || !type || !isImageType(type)) return null;
  return { data: Buffer.from(member.photo), type };
}
