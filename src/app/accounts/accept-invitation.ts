import { randomUUID } from 'node:crypto';
import { MembershipSchema, UserSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { findLink, linkState, type LinkState } from './account-link.ts';
import { lockTeam } from './team-members.ts';
import { dropTeamResetLinks } from './team-reset-link-scope.ts';

/**
 * Joined (the business's slug to open), signed in with another account than the one
 * invited, or the link does not work.
 */
export type AcceptInvitationOutcome =
  | { kind: 'joined'; slug: string }
  | { kind: 'wrong_account'; invitedEmail: string }
  | { kind: 'refused'; state: Exclude<LinkState, 'valid'> };

/**
 * A signed-in user accepts an invitation: they join its business with its role, and the
 * link is used up (checked and marked under a row lock, so it works once). Only the
 * account with the invited email may accept: the inviter vouched for that address, and
 * a forwarded or leaked link must not let another account in. Someone already a member
 * keeps their role. Audited in the business, with the new member as the actor. Reset
 * links another business's team made for the user are deleted: they must not open an
 * account that now reaches this business too.
 */
export async function acceptInvitation(ctx: UseCaseContext, token: string, userId: string): Promise<AcceptInvitationOutcome> {
  const id = Id.parse(userId);
  // The invitation names its business: the link is looked up across businesses, then
  // every row written belongs to that business.
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    const now = ctx.now();
    const link = await findLink(em, 'invitation', token, true);
    const state = linkState(link, now);
    if (state !== 'valid' || !link?.business || !link.role || !link.email) return { kind: 'refused', state: state === 'valid' ? 'unknown' : state };
    const user = await em.findOneOrFail(UserSchema, { id });
    if (user.email !== link.email) return { kind: 'wrong_account', invitedEmail: link.email };
    const business = link.business.id;
    await lockTeam(em, business);
    const slug = (await link.business.loadOrFail()).slug;
    link.usedAt = new Date(now);
    if ((await em.count(MembershipSchema, { business, user: id })) > 0) return { kind: 'joined', slug };
    const membershipId = randomUUID();
    em.create(MembershipSchema, { id: membershipId, business, user: id, role: link.role, createdAt: new Date(now) });
    await dropTeamResetLinks(em, id);
    recordAudit(em, now, { businessId: business, actor: { kind: 'business', userId: id }, action: 'member.joined', entityType: 'membership', entityId: membershipId, details: { invitationId: link.id, role: link.role } });
    return { kind: 'joined', slug };
  });
}
