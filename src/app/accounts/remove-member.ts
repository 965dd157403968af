import { StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { actorRole, countOwners, lockTeam, memberById } from './team-members.ts';
import { mayManageMember } from './team-rules.ts';

/** Removed (`self`: the actor left the business), refused by the team rules, or refused because it is the last owner. */
export type RemoveMemberOutcome = { kind: 'removed'; self: boolean } | { kind: 'not_allowed' } | { kind: 'last_owner' };

/**
 * Takes a member out of the business: their access ends with their next request (the
 * panel reads memberships on every request) and a specialist profile linked to their
 * account is unlinked (the profile and its bookings stay). The last owner cannot be
 * removed, not even by themselves. Another business's member is not found. Audited.
 */
export async function removeMember(ctx: UseCaseContext, businessId: string, actorUserId: string, membershipId: unknown): Promise<RemoveMemberOutcome> {
  const business = Id.parse(businessId);
  const now = ctx.now();
  return emForBusiness(ctx.orm, business).transactional(async (em) => {
    await lockTeam(em, business);
    const member = await memberById(em, membershipId);
    const role = await actorRole(em, actorUserId);
    // The last owner stays, whoever asks: that reason comes first.
    if (member.role === 'owner' && (await countOwners(em)) <= 1) return { kind: 'last_owner' };
    if (!role || !mayManageMember(role, member.role)) return { kind: 'not_allowed' };
    const user = member.user.getEntity();
    await em.nativeUpdate(StaffMemberSchema, { user: user.id }, { user: null });
    em.remove(member);
    recordAudit(em, now, {
      businessId: business,
      actor: { kind: 'business', userId: actorUserId },
      action: 'member.removed',
      entityType: 'membership',
      entityId: member.id,
      details: { userId: user.id, email: user.email, role: member.role },
    });
    return { kind: 'removed', self: user.id === actorUserId };
  });
}
