import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toTeamMember, type TeamMember } from './team-member.ts';

/** The staff member a Telegram account is linked to, or null. */
export async function staffByTelegramUser(ctx: UseCaseContext, businessId: string, telegramUserId: string): Promise<TeamMember | null> {
  const member = await emForBusiness(ctx.orm, Id.parse(businessId)).findOne(StaffMemberSchema, { telegramUserId, active: true });
  return member ? toTeamMember(member) : null;
}
