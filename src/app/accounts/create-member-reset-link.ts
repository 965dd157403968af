import { randomUUID } from 'node:crypto';
import { AccountTokenSchema, MembershipSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { newLinkToken, RESET_LINK_MINUTES } from './account-link.ts';
import { actorRole, memberById } from './team-members.ts';
import { mayIssueResetLink, type ResetLinkDelivery } from './team-rules.ts';

/**
 * The link to email to the member or to hand over (shown once), or why there is none:
 * the actor may not make one for this member this way ({@link mayIssueResetLink}), or
 * the member also works for another business — a link opens their whole account, and
 * this business has no say over the others.
 */
export type MemberResetLinkOutcome =
  | { kind: 'link'; token: string; email: string; name: string; locale: string | null }
  | { kind: 'not_allowed' }
  | { kind: 'other_businesses' };

/**
 * An owner or admin makes a password-reset link for a member of their business (valid
 * {@link RESET_LINK_MINUTES} minutes), for the caller to email to the member, or, when
 * the service sends no email, for an owner to hand over. The link names the business:
 * it stops working if the member joins another business or leaves this one
 * (`team-reset-link-scope.ts`). Earlier unused reset links of the member stop working.
 * Audited, with the delivery.
 */
export async function createMemberResetLink(ctx: UseCaseContext, businessId: string, actorUserId: string, membershipId: string, delivery: ResetLinkDelivery): Promise<MemberResetLinkOutcome> {
  const business = Id.parse(businessId);
  const now = ctx.now();
  const target = await memberById(emForBusiness(ctx.orm, business), membershipId);
  const userId = target.user.id;
  const elsewhere = await emAcrossBusinesses(ctx.orm).count(MembershipSchema, { user: userId, business: { $ne: business } });
  return emForBusiness(ctx.orm, business).transactional(async (em) => {
    const role = await actorRole(em, actorUserId);
    const member = await memberById(em, membershipId);
    if (!role || !mayIssueResetLink(role, member.role, delivery)) return { kind: 'not_allowed' };
    if (elsewhere > 0) return { kind: 'other_businesses' };
    const user = member.user.getEntity();
    await em.nativeDelete(AccountTokenSchema, { kind: 'password_reset', user: user.id, usedAt: null });
    const { token, tokenHash } = newLinkToken();
    const linkId = randomUUID();
    em.create(AccountTokenSchema, {
      id: linkId,
      kind: 'password_reset',
      tokenHash,
      user,
      business,
      email: user.email,
      createdBy: actorUserId,
      expiresAt: new Date(now + RESET_LINK_MINUTES * 60_000),
      createdAt: new Date(now),
    });
    recordAudit(em, now, { businessId: business, actor: { kind: 'business', userId: actorUserId }, action: 'member.reset_link_created', entityType: 'membership', entityId: member.id, details: { userId: user.id, linkId, delivery } });
    return { kind: 'link', token, email: user.email, name: user.name, locale: user.locale ?? null };
  });
}
