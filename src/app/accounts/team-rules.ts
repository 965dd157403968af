import { MEMBERSHIP_ROLES, type MembershipRole } from '../../db/entities/index.ts';

/**
 * Who may do what to whom in a team. Pure, so the Team page shows only the buttons the
 * use cases will accept, and both read the same rules:
 * - an owner may invite, change and remove anyone (owners too);
 * - an admin may invite admins, managers and staff, and change or remove managers and
 *   staff (never an owner or another admin), and give them any role but owner;
 * - managers and staff manage nobody;
 * - the last owner can be neither removed nor demoted (checked by the use cases, which
 *   count owners under a lock).
 */
export function rolesActorMayGrant(actor: MembershipRole): MembershipRole[] {
  if (actor === 'owner') return [...MEMBERSHIP_ROLES];
  if (actor === 'admin') return ['admin', 'manager', 'staff'];
  return [];
}

/** Whether `actor` may change the role of, or remove, a member whose role is `target`. */
export function mayManageMember(actor: MembershipRole, target: MembershipRole): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && (target === 'manager' || target === 'staff');
}

/**
 * How a reset link made on the Team page reaches the member: emailed to them by the
 * service (the maker never sees it), or shown to the maker to hand over (no email).
 */
export type ResetLinkDelivery = 'email' | 'by_hand';

/**
 * Whether `actor` may make a password-reset link for a member whose role is `target`:
 * only for someone below them (an owner cannot take over another owner's account). A
 * link shown to its maker opens the member's account to the maker for an hour, so only
 * an owner, who already controls everything in the business, may have one to hand over;
 * an admin may only have it emailed to the member.
 */
export function mayIssueResetLink(actor: MembershipRole, target: MembershipRole, delivery: ResetLinkDelivery): boolean {
  if (delivery === 'by_hand' && actor !== 'owner') return false;
  return mayManageMember(actor, target) && MEMBERSHIP_ROLES.indexOf(target) > MEMBERSHIP_ROLES.indexOf(actor);
}
