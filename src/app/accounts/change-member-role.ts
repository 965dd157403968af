import { z } from 'zod';
import { MEMBERSHIP_ROLES } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { actorRole, countOwners, lockTeam, memberById } from './team-members.ts';
import { mayManageMember, rolesActorMayGrant } from './team-rules.ts';

/** What the role form sends. */
export const ChangeMemberRoleInput = z.object({ role: z.enum(MEMBERSHIP_ROLES) });

/** Changed (`self`: the actor changed their own role), already that role, refused by the team rules, or refused because the business would lose its last owner. */
export type ChangeMemberRoleOutcome = { kind: 'changed'; self: boolean } | { kind: 'unchanged' } | { kind: 'not_allowed' } | { kind: 'last_owner' };

/**
 * Gives a member another role (see `team-rules.ts` for who may). The business always
 * keeps an owner: owners are counted under the team lock. Another business's member is
 * not found. Audited.
 */
export async function changeMemberRole(ctx: UseCaseContext, businessId: string, actorUserId: string, membershipId: unknown, raw: z.input<typeof ChangeMemberRoleInput>): Promise<ChangeMemberRoleOutcome> {
  const input = ChangeMemberRoleInput.parse(raw);
  const business = Id.parse(businessId);
  const now = ctx.now();
  return emForBusiness(ctx.orm, business).transactional(async (em) => {
    await lockTeam(em, business);
    const member = await memberById(em, membershipId);
    const role = await actorRole(em, actorUserId);
    // The last owner stays an owner, whoever asks: that reason comes first.
    if (member.role === 'owner' && input.role !== 'owner' && (await countOwners(em)) <= 1) return { kind: 'last_owner' };
    if (!role || !mayManageMember(role, member.role) || !rolesActorMayGrant(role).includes(input.role)) return { kind: 'not_allowed' };
    if (member.role === input.role) return { kind: 'unchanged' };
    const from = member.role;
    member.role = input.role;
    recordAudit(em, now, {
      businessId: business,
      actor: { kind: 'business', userId: actorUserId },
      action: 'member.role_changed',
      entityType: 'membership',
      entityId: member.id,
      details: { userId: member.user.id, from, to: input.role },
    });
    return { kind: 'changed', self: member.user.id === actorUserId };
  });
}
