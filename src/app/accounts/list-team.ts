import { AccountTokenSchema, MEMBERSHIP_ROLES, MembershipSchema, type MembershipRole } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A member as the Team page lists them. */
export interface TeamMemberView {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: MembershipRole;
}

/** An invitation not yet accepted and not expired. */
export interface PendingInvitationView {
  id: string;
  email: string;
  role: MembershipRole;
  expiresAt: Date;
}

/** A business's team: its members by role then name, and the open invitations. */
export interface TeamView {
  members: TeamMemberView[];
  invitations: PendingInvitationView[];
  owners: number;
}

/** Reads a business's team and open invitations. */
export async function listTeam(ctx: UseCaseContext, businessId: string): Promise<TeamView> {
  const business = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, business);
  const memberships = await em.find(MembershipSchema, {}, { populate: ['user'] });
  const rank = (role: MembershipRole) => MEMBERSHIP_ROLES.indexOf(role);
  const members = memberships
    .map((m) => {
      const user = m.user.getEntity();
      return { membershipId: m.id, userId: user.id, name: user.name, email: user.email, role: m.role };
    })
    .sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  // One-time links are not tenant rows (a reset has no business): filtered by business by hand.
  const open = await em.find(
    AccountTokenSchema,
    { kind: 'invitation', business, usedAt: null, expiresAt: { $gt: new Date(ctx.now()) } },
    { orderBy: { createdAt: 'desc' } },
  );
  const invitations = open.map((t) => ({ id: t.id, email: t.email ?? '', role: t.role ?? 'staff', expiresAt: t.expiresAt }));
  return { members, invitations, owners: members.filter((m) => m.role === 'owner').length };
}
