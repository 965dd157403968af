import { StaffChannelIdentitySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { StaffChatAccount } from './staff-chat-account.ts';
import { toTeamMember, type TeamMember } from './team-member.ts';

/** The active staff member a chat account is linked to, or null. */
export async function staffByChatAccount(ctx: UseCaseContext, businessId: string, raw: StaffChatAccount): Promise<TeamMember | null> {
  const account = StaffChatAccount.parse(raw);
  const identity = await emForBusiness(ctx.orm, Id.parse(businessId)).findOne(
    StaffChannelIdentitySchema,
    { channel: account.channel, externalId: account.externalId, staff: { active: true } },
    { populate: ['staff'] },
  );
  return identity ? toTeamMember(identity.staff.getEntity()) : null;
}
