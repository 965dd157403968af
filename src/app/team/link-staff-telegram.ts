import { z } from 'zod';
import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { sameCode, staffLinkCode } from './link-codes.ts';
import { toTeamMember, type TeamMember } from './team-member.ts';

/** Input of {@link linkStaffTelegram}. */
export const LinkStaffTelegramInput = z.object({ code: z.string().trim().min(4).max(32), telegramUserId: z.string().regex(/^\d{1,20}$/) });

/**
 * Links a Telegram account to the staff member whose code it sent; the account is
 * unlinked from anyone else first. Returns the member, or null for an unknown code.
 */
export async function linkStaffTelegram(ctx: UseCaseContext, businessId: string, appSecret: string, raw: z.input<typeof LinkStaffTelegramInput>): Promise<TeamMember | null> {
  const input = LinkStaffTelegramInput.parse(raw);
  return emForBusiness(ctx.orm, Id.parse(businessId)).transactional(async (em) => {
    const staff = await em.find(StaffMemberSchema, { active: true });
    const wanted = input.code.toUpperCase();
    const member = staff.find((s) => sameCode(wanted, staffLinkCode(appSecret, s.id)));
    if (!member) return null;
    await em.nativeUpdate(StaffMemberSchema, { telegramUserId: input.telegramUserId, id: { $ne: member.id } }, { telegramUserId: null });
    member.telegramUserId = input.telegramUserId;
    return toTeamMember(member);
  });
}
