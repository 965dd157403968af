import { z } from 'zod';
import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { sameCode, staffLinkCode } from './link-codes.ts';
import { StaffChatAccount } from './staff-chat-account.ts';
import { toTeamMember, type TeamMember } from './team-member.ts';

/** Input of {@link linkStaffAccount}: the code the staff member sent, from their chat account. */
export const LinkStaffAccountInput = z.object({ code: z.string().trim().min(4).max(32), account: StaffChatAccount });

/**
 * Links a chat account to the staff member whose code it sent (`/iam <code>`); the
 * account is unlinked from anyone else first. Returns the member, or null for an
 * unknown code.
 */
export async function linkStaffAccount(ctx: UseCaseContext, businessId: string, appSecret: string, raw: z.input<typeof LinkStaffAccountInput>): Promise<TeamMember | null> {
  const input = LinkStaffAccountInput.parse(raw);
  const externalId = input.account.externalId;
  return emForBusiness(ctx.orm, Id.parse(businessId)).transactional(async (em) => {
    const staff = await em.find(StaffMemberSchema, { active: true });
    const wanted = input.code.toUpperCase();
    const member = staff.find((s) => sameCode(wanted, staffLinkCode(appSecret, s.id)));
    if (!member) return null;
    await em.nativeUpdate(StaffMemberSchema, { telegramUserId: externalId, id: { $ne: member.id } }, { telegramUserId: null });
    member.telegramUserId = externalId;
    return toTeamMember(member);
  });
}
