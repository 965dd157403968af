import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MembershipSchema, UserSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { findLink, linkState, type LinkState } from './account-link.ts';
import { hashPassword, NewPassword } from './password-policy.ts';

/** What the "create your account" form of an invitation sends. */
export const JoinByInvitationInput = z
  .object({ name: textField(200, { required: 'required', tooLong: 'too_big' }), password: NewPassword, confirm: z.string().max(200) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'passwords_differ' });

/**
 * The new account joined (sign it in), an account with the invited email exists already
 * (sign in with it and accept), or the link does not work.
 */
export type JoinByInvitationOutcome =
  | { kind: 'joined'; userId: string; sessionVersion: number; slug: string }
  | { kind: 'account_exists' }
  | { kind: 'refused'; state: Exclude<LinkState, 'valid'> };

/**
 * Someone invited who has no account yet creates one with the invited email (a name and
 * a password) and joins the business with the invitation's role, in one transaction
 * that uses the link up under a row lock. Audited in the business.
 */
export async function joinByInvitation(ctx: UseCaseContext, token: string, raw: z.input<typeof JoinByInvitationInput>): Promise<JoinByInvitationOutcome> {
  const input = JoinByInvitationInput.parse(raw);
  const early = await findLink(emAcrossBusinesses(ctx.orm), 'invitation', token);
  const earlyState = linkState(early, ctx.now());
  if (earlyState !== 'valid') return { kind: 'refused', state: earlyState };
  if (early?.email && (await emAcrossBusinesses(ctx.orm).count(UserSchema, { email: early.email })) > 0) return { kind: 'account_exists' };
  // Hashing is slow: done before the link's row is locked.
  const passwordHash = await hashPassword(input.password);
  try {
    // The invitation names its business: the link is looked up across businesses.
    return await emAcrossBusinesses(ctx.orm).transactional(async (em) => {
      const now = ctx.now();
      const link = await findLink(em, 'invitation', token, true);
      const state = linkState(link, now);
      if (state !== 'valid' || !link?.business || !link.role || !link.email) return { kind: 'refused', state: state === 'valid' ? 'unknown' : state };
      const business = await link.business.loadOrFail();
      const userId = randomUUID();
      const membershipId = randomUUID();
      em.create(UserSchema, { id: userId, email: link.email, name: input.name, passwordHash, createdAt: new Date(now) });
      em.create(MembershipSchema, { id: membershipId, business: business.id, user: userId, role: link.role, createdAt: new Date(now) });
      link.usedAt = new Date(now);
      recordAudit(em, now, { businessId: business.id, actor: { kind: 'business', userId }, action: 'member.joined', entityType: 'membership', entityId: membershipId, details: { invitationId: link.id, role: link.role, newAccount: true } });
      // Written now, so an account created meanwhile with the same email ends here, not at commit.
      await em.flush();
      return { kind: 'joined', userId, sessionVersion: 0, slug: business.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'app_user_email_unique')) return { kind: 'account_exists' };
    throw error;
  }
}
