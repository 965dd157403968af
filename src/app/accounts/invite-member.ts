import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AccountTokenSchema, MEMBERSHIP_ROLES, MembershipSchema, UserSchema, type MembershipRole } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { INVITATION_DAYS, newLinkToken } from './account-link.ts';
import { Email } from './password-policy.ts';
import { actorRole } from './team-members.ts';
import { rolesActorMayGrant } from './team-rules.ts';

/** What the invitation form sends. */
export const InviteMemberInput = z.object({ email: Email, role: z.enum(MEMBERSHIP_ROLES) });

/** The link to hand over (shown once, mailed when there is a mailer), or why there is none. */
export type InviteMemberOutcome =
  | { kind: 'invited'; invitationId: string; token: string; email: string; role: MembershipRole; expiresAt: Date }
  | { kind: 'not_allowed' }
  | { kind: 'already_member' };

/**
 * Invites someone by email to the business with a role: a link valid for
 * {@link INVITATION_DAYS} days. An admin may invite admins, managers and staff; only an
 * owner may invite an owner. A new invitation to the same email replaces an open one.
 * Audited.
 */
export async function inviteMember(ctx: UseCaseContext, businessId: string, actorUserId: string, raw: z.input<typeof InviteMemberInput>): Promise<InviteMemberOutcome> {
  const input = InviteMemberInput.parse(raw);
  const business = Id.parse(businessId);
  const now = ctx.now();
  return emForBusiness(ctx.orm, business).transactional(async (em) => {
    const role = await actorRole(em, actorUserId);
    if (!role || !rolesActorMayGrant(role).includes(input.role)) return { kind: 'not_allowed' };
    const existing = await em.findOne(UserSchema, { email: input.email });
    if (existing && (await em.count(MembershipSchema, { user: existing.id })) > 0) return { kind: 'already_member' };
    await em.nativeDelete(AccountTokenSchema, { kind: 'invitation', business, email: input.email, usedAt: null });
    const { token, tokenHash } = newLinkToken();
    const invitationId = randomUUID();
    const expiresAt = new Date(now + INVITATION_DAYS * 24 * 3600_000);
    em.create(AccountTokenSchema, { id: invitationId, kind: 'invitation', tokenHash, business, email: input.email, role: input.role, createdBy: actorUserId, expiresAt, createdAt: new Date(now) });
    recordAudit(em, now, { businessId: business, actor: { kind: 'business', userId: actorUserId }, action: 'member.invited', entityType: 'invitation', entityId: invitationId, details: { email: input.email, role: input.role } });
    return { kind: 'invited', invitationId, token, email: input.email, role: input.role, expiresAt };
  });
}
