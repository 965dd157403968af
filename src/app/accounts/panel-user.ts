import { MembershipSchema, PanelSessionSchema, type MembershipRole } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** One business a user belongs to, with their role there. */
export interface UserBusiness {
  businessId: string;
  slug: string;
  name: string;
  role: MembershipRole;
  defaultLocale: string;
  timeZone: string;
  primaryColor: string;
  accentColor: string;
  hasLogo: boolean;
  /** When the business was last changed (epoch ms): versions the logo and colour links so a change shows at once. */
  updatedAt: number;
}

/** A signed-in panel user and the businesses they may open. */
export interface PanelUser {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  businesses: UserBusiness[];
}

/**
 * The user behind a session, or null when the session was closed (signed out) or has
 * expired, the user is gone, or the session predates a password change (its version
 * is older than the user's).
 */
export async function loadPanelUser(ctx: UseCaseContext, session: { sessionId: string; userId: string; version: number }): Promise<PanelUser | null> {
  const em = emAcrossBusinesses(ctx.orm).fork();
  const row = await em.findOne(PanelSessionSchema, { id: session.sessionId, user: session.userId, expiresAt: { $gt: new Date(ctx.now()) } }, { populate: ['user'] });
  const user = row?.user.getEntity();
  if (!user || user.sessionVersion !== session.version) return null;
  const userId = user.id;
  const memberships = await em.find(MembershipSchema, { user: userId }, { populate: ['business'], orderBy: { business: { name: 'asc' } } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale ?? null,
    businesses: memberships.map((m) => {
      const b = m.business.getEntity();
      return {
        businessId: b.id,
        slug: b.slug,
        name: b.name,
        role: m.role,
        defaultLocale: b.defaultLocale,
        timeZone: b.timeZone,
        primaryColor: b.brandPrimaryColor,
        accentColor: b.brandAccentColor,
        hasLogo: b.logoType !== null,
        updatedAt: b.updatedAt.getTime(),
      };
    }),
  };
}
