import { z } from 'zod';
import { StaffChannelIdentitySchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { sameCode, staffLinkCode } from './link-codes.ts';
import { StaffChatAccount } from './staff-chat-account.ts';
import { toTeamMember, type TeamMember } from './team-member.ts';
import { recordAudit } from '../shared/record-audit.ts';

/** Input of {@link linkStaffAccount}: the code the staff member sent, from their chat account. */
export const LinkStaffAccountInput = z.object({ code: z.string().trim().min(4).max(32), account: StaffChatAccount });

/** A staff member linked to a chat account, and whose account it was before, if someone else's. */
export interface StaffLink {
  member: TeamMember;
  /** The account the member was linked to until now, when it was another one: that person is no longer staff here. */
  previousAccount: string | null;
}

/**
 * Links a chat account to the staff member whose code it sent (`/iam <code>`); the
 * account is unlinked from anyone else first. When the member was linked to another
 * account, that account loses the link: the team chats are told
 * (`team.staff_relinked`), the change is audited, and the previous account is
 * returned so its holder can be told too. A code links once: the member's code moves
 * on after it is used (a code seen by someone else is worthless by then), and the panel
 * shows the new one. Returns null for an unknown (or used) code.
 */
export async function linkStaffAccount(ctx: UseCaseContext, businessId: string, appSecret: string, raw: z.input<typeof LinkStaffAccountInput>): Promise<StaffLink | null> {
  const input = LinkStaffAccountInput.parse(raw);
  const externalId = input.account.externalId;
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const staff = await em.find(StaffMemberSchema, { active: true });
    const wanted = input.code.toUpperCase();
    const member = staff.find((s) => sameCode(wanted, staffLinkCode(appSecret, s.id, s.linkCodeVersion)));
    if (!member) return null;
    const channel = input.account.channel;
    const current = await em.findOne(StaffChannelIdentitySchema, { staff: member.id, channel });
    const before = current?.externalId ?? null;
    if (before === externalId) return { member: toTeamMember(member), previousAccount: null };
    // The account is one staff member's: whoever held it until now loses it.
    await em.nativeDelete(StaffChannelIdentitySchema, { channel, externalId, staff: { $ne: member.id } });
    if (current) current.externalId = externalId;
    else em.create(StaffChannelIdentitySchema, { business: id, staff: member.id, channel, externalId });
    member.linkCodeVersion += 1;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor: { kind: 'system' },
      action: 'team.staff_linked',
      entityType: 'staff_member',
      entityId: member.id,
      details: { channel: input.account.channel, relinked: before !== null, codeVersion: member.linkCodeVersion },
    });
    if (before !== null) queueNotification(em, ctx.now(), { businessId: id, topic: 'team.staff_relinked', aggregateId: id, payload: { staffName: member.name } });
    return { member: toTeamMember(member), previousAccount: before };
  });
}
