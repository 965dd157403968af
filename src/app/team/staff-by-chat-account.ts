import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { StaffChatAccount } from './staff-chat-account.ts';
import { toTeamMember, type TeamMember } from './team-member.ts';

/** The active staff member a chat account is linked to, or null. */
export async function staffByChatAccount(ctx: UseCaseContext, businessId: string, raw: StaffChatAccount): Promise<TeamMember | null> {
  const account = StaffChatAccount.parse(raw);
  const member = await emForBusiness(ctx.orm, Id.parse(businessId)).findOne(StaffMemberSchema, { telegramUserId: account.externalId, active: true });
  return member ? toTeamMember(member) : null;
}
