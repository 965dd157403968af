import { AccountTokenSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { actorRole } from './team-members.ts';
import { rolesActorMayGrant } from './team-rules.ts';

/** Revoked, already closed (accepted or revoked before: nothing to do), or the actor may not (an admin and an invitation to be owner). */
export type RevokeInvitationOutcome = { kind: 'revoked' } | { kind: 'already_closed' } | { kind: 'not_allowed' };

/**
 * Withdraws an invitation of the business: its link stops working (it reads as used).
 * Another business's invitation is not found. Audited.
 */
export async function revokeInvitation(ctx: UseCaseContext, businessId: string, actorUserId: string, invitationId: unknown): Promise<RevokeInvitationOutcome> {
  const business = Id.parse(businessId);
  const id = Id.safeParse(invitationId);
  const now = ctx.now();
  return emForBusiness(ctx.orm, business).transactional(async (em) => {
    // One-time links are not tenant rows: the business is part of the lookup.
    const invitation = id.success ? await em.findOne(AccountTokenSchema, { id: id.data, kind: 'invitation', business }) : null;
    if (!invitation) throw new NotFound('invitation');
    const role = await actorRole(em, actorUserId);
    if (!role || !invitation.role || !rolesActorMayGrant(role).includes(invitation.role)) return { kind: 'not_allowed' };
    if (invitation.usedAt) return { kind: 'already_closed' };
    invitation.usedAt = new Date(now);
    recordAudit(em, now, { businessId: business, actor: { kind: 'business', userId: actorUserId }, action: 'invitation.revoked', entityType: 'invitation', entityId: invitation.id, details: { email: invitation.email, role: invitation.role } });
    return { kind: 'revoked' };
  });
}
