import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { findLink, linkState, type LinkState } from './account-link.ts';
import { teamResetLinkInScope } from './team-reset-link-scope.ts';

/** A password-reset link as its page shows it: usable (for whom), or why not. */
export type ResetLinkView = { state: 'valid'; email: string } | { state: Exclude<LinkState, 'valid'> };

/**
 * What a password-reset link is, without using it. A Team-page link for someone who now
 * belongs to another business (or no longer to that one) reads as unknown, as
 * `resetPassword` would refuse it.
 */
export async function readResetLink(ctx: UseCaseContext, token: string): Promise<ResetLinkView> {
  const em = emAcrossBusinesses(ctx.orm);
  const link = await findLink(em, 'password_reset', token);
  const state = linkState(link, ctx.now());
  if (state !== 'valid' || !link?.user) return { state: state === 'valid' ? 'unknown' : state };
  const user = await link.user.load();
  return user && (await teamResetLinkInScope(em, link)) ? { state: 'valid', email: user.email } : { state: 'unknown' };
}
