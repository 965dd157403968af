import { z } from 'zod';
import { AccountTokenSchema, UserSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { newLinkToken, RESET_LINK_MINUTES } from './account-link.ts';
import { Email } from './password-policy.ts';

/** What the "forgot your password" form sends. */
export const RequestPasswordResetInput = z.object({ email: Email });

/** A new link is not made (nor mailed) again sooner than this after the last one, so nobody floods an inbox. */
export const RESET_RESEND_SECONDS = 60;

/**
 * A link to send, or nothing (no such account, or a link was just sent). The caller
 * answers both alike, so the form tells nobody whether an email has an account.
 */
export type RequestPasswordResetOutcome = { kind: 'link'; token: string; email: string; name: string; locale: string | null } | { kind: 'none' };

/**
 * Makes a password-reset link (valid {@link RESET_LINK_MINUTES} minutes) for the account
 * with this email. Only the newest link works: earlier unused ones are deleted.
 */
export async function requestPasswordReset(ctx: UseCaseContext, raw: z.input<typeof RequestPasswordResetInput>): Promise<RequestPasswordResetOutcome> {
  const input = RequestPasswordResetInput.parse(raw);
  const now = ctx.now();
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    const user = await em.findOne(UserSchema, { email: input.email });
    if (!user) return { kind: 'none' };
    const recent = await em.count(AccountTokenSchema, { kind: 'password_reset', user: user.id, usedAt: null, createdAt: { $gt: new Date(now - RESET_RESEND_SECONDS * 1000) } });
    if (recent > 0) return { kind: 'none' };
    await em.nativeDelete(AccountTokenSchema, { kind: 'password_reset', user: user.id, usedAt: null });
    const { token, tokenHash } = newLinkToken();
    em.create(AccountTokenSchema, { kind: 'password_reset', tokenHash, user, email: user.email, expiresAt: new Date(now + RESET_LINK_MINUTES * 60_000), createdAt: new Date(now) });
    return { kind: 'link', token, email: user.email, name: user.name, locale: user.locale ?? null };
  });
}
