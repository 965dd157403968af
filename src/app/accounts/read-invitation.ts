import { MEMBERSHIP_ROLES, UserSchema, type MembershipRole } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { findLink, linkState, type LinkState } from './account-link.ts';

/** An invitation as its page shows it: to which business, for whom, with which role — or why it does not work. */
export type InvitationView =
  | { state: 'valid'; businessName: string; businessSlug: string; email: string; role: MembershipRole; accountExists: boolean }
  | { state: Exclude<LinkState, 'valid'> };

/** What an invitation link is, without using it. */
export async function readInvitation(ctx: UseCaseContext, token: string): Promise<InvitationView> {
  // An invitation names its business; the lookup spans businesses because the link is all we have.
  const em = emAcrossBusinesses(ctx.orm);
  const link = await findLink(em, 'invitation', token);
  const state = linkState(link, ctx.now());
  if (state !== 'valid') return { state };
  const business = link?.business ? await link.business.load() : null;
  const role = MEMBERSHIP_ROLES.find((r) => r === link?.role);
  if (!link?.email || !business || !role) return { state: 'unknown' };
  const accountExists = (await em.count(UserSchema, { email: link.email })) > 0;
  return { state: 'valid', businessName: business.name, businessSlug: business.slug, email: link.email, role, accountExists };
}
