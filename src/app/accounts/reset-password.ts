import { z } from 'zod';
import { AccountTokenSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { findLink, linkState, type LinkState } from './account-link.ts';
import { hashPassword, NewPassword } from './password-policy.ts';
import { teamResetLinkInScope } from './team-reset-link-scope.ts';

/** What the new-password form sends. */
export const ResetPasswordInput = z
  .object({ password: NewPassword, confirm: z.string().max(200) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'passwords_differ' });

/** The password was set (sign this browser in with the new session version), or the link does not work. */
export type ResetPasswordOutcome = { kind: 'reset'; userId: string; sessionVersion: number } | { kind: 'refused'; state: Exclude<LinkState, 'valid'> };

/**
 * Sets a new password through a reset link. The link is checked and marked used in one
 * transaction under a row lock, so it works once even when clicked twice at the same
 * moment. Every session of the user ends (the session version moves on), the lockout
 * is cleared, and the user's other unused reset links stop working. A link made on a
 * Team page is refused, like an unknown one, once the user belongs to another business
 * or no longer to that one ({@link teamResetLinkInScope}): joining a business deletes
 * such links too, but a membership may come from elsewhere (seeding, a future API), so
 * the rule is checked here, where the link opens the account.
 */
export async function resetPassword(ctx: UseCaseContext, token: string, raw: z.input<typeof ResetPasswordInput>): Promise<ResetPasswordOutcome> {
  const input = ResetPasswordInput.parse(raw);
  const early = linkState(await findLink(emAcrossBusinesses(ctx.orm), 'password_reset', token), ctx.now());
  if (early !== 'valid') return { kind: 'refused', state: early };
  // Hashing is slow: done before the row is locked, and only for a link that looked usable.
  const passwordHash = await hashPassword(input.password);
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    const now = ctx.now();
    const link = await findLink(em, 'password_reset', token, true);
    const state = linkState(link, now);
    if (state !== 'valid' || !link?.user) return { kind: 'refused', state: state === 'valid' ? 'unknown' : state };
    const user = await link.user.load();
    if (!user || !(await teamResetLinkInScope(em, link))) return { kind: 'refused', state: 'unknown' };
    link.usedAt = new Date(now);
    em.assign(user, { passwordHash, sessionVersion: user.sessionVersion + 1, failedSignIns: 0, lockedUntil: null });
    await em.nativeDelete(AccountTokenSchema, { kind: 'password_reset', user: user.id, usedAt: null, id: { $ne: link.id } });
    return { kind: 'reset', userId: user.id, sessionVersion: user.sessionVersion };
  });
}
