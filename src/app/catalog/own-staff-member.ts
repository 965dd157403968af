import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** The staff member a panel user is in this business (their `user` link), or null when they are none. */
export async function ownStaffMember(ctx: UseCaseContext, businessId: string, userId: string): Promise<{ id: string; name: string } | null> {
  const id = Id.parse(businessId);
  if (!Id.safeParse(userId).success) return null;
  const member = await emForBusiness(ctx.orm, id).findOne(StaffMemberSchema, { user: userId }, { orderBy: { position: 'asc' } });
  return member ? { id: member.id, name: member.name } : null;
}
