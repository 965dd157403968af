import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountTokenSchema, MembershipSchema, type AccountToken } from '../../db/entities/index.ts';

/**
 * Whether a reset link may still open its user's account. A link the user asked for
 * names no business and went to their own inbox: it may. A link made on a business's
 * Team page names that business, and whoever made it may hold it: it may only while the
 * user belongs to that business and to no other, as when it was made. Otherwise it would
 * open an account that reaches further than the business that made it (the user may have
 * joined another business since, even as its owner) or that the business no longer has
 * a say over. `em` spans businesses.
 */
export async function teamResetLinkInScope(em: EntityManager, link: AccountToken): Promise<boolean> {
  if (!link.business) return true;
  if (!link.user) return false;
  const businesses = (await em.find(MembershipSchema, { user: link.user.id }, { fields: ['business'] })).map((m) => m.business.id);
  return businesses.length === 1 && businesses[0] === link.business.id;
}

/**
 * Deletes the user's unused reset links made on a Team page: called in the transaction
 * that makes them a member of another business, since such a link must not open an
 * account that now reaches further than the business that made it. A link they asked
 * for themselves (mailed to them) stays. `em` spans businesses.
 */
export async function dropTeamResetLinks(em: EntityManager, userId: string): Promise<void> {
  await em.nativeDelete(AccountTokenSchema, { kind: 'password_reset', user: userId, usedAt: null, business: { $ne: null } });
}
