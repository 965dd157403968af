import { MEMBERSHIP_ROLES, type MembershipRole } from '../../db/entities/index.ts';

/**
 * Who may open a panel route:
 * - `public`: anyone (sign-in, password reset, invitation links, assets);
 * - `signed_in`: any signed-in user (their account, the business switcher, a new business);
 * - `business`: a member of the business in the URL (`/admin/b/:slug/…`) with at least `minRole`.
 */
export type PanelAccess = { kind: 'public' } | { kind: 'signed_in' } | { kind: 'business'; minRole: MembershipRole };

/** True when `role` is `minRole` or above it (owner > admin > manager > staff). */
export function roleAtLeast(role: MembershipRole, minRole: MembershipRole): boolean {
  return MEMBERSHIP_ROLES.indexOf(role) <= MEMBERSHIP_ROLES.indexOf(minRole);
}

/** Shorthands for route tables. */
export const PUBLIC: PanelAccess = { kind: 'public' };
export const SIGNED_IN: PanelAccess = { kind: 'signed_in' };
export const OWNER: PanelAccess = { kind: 'business', minRole: 'owner' };
export const ADMIN: PanelAccess = { kind: 'business', minRole: 'admin' };
export const MANAGER: PanelAccess = { kind: 'business', minRole: 'manager' };
export const STAFF: PanelAccess = { kind: 'business', minRole: 'staff' };
