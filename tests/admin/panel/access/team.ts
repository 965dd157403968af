import { inviteMember } from '../../../../src/app/accounts/invite-member.ts';
import { MembershipSchema } from '../../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../../src/db/tenant-scope.ts';
import type { AccessTable } from './access-entry.ts';

/**
 * The Team page and deleting a business. Forms are harmless: the role "change" gives the
 * staff member the role they have, removing targets the last owner (always refused), the
 * delete confirmation is wrong, a revoked invitation is revoked again.
 */
export const table: AccessTable = {
  async prepare(h, orm) {
    const em = emForBusiness(orm, h.world.business.id);
    const staff = await em.findOneOrFail(MembershipSchema, { user: h.userIds.staff });
    const owner = await em.findOneOrFail(MembershipSchema, { user: h.userIds.owner });
    const invited = await inviteMember(h.deps.ctx, h.world.business.id, h.userIds.owner, { email: 'access-table-invitee@example.com', role: 'staff' });
    if (invited.kind !== 'invited') throw new Error('the access table could not invite');
    return { teamStaffMembership: staff.id, teamOwnerMembership: owner.id, teamInvitation: invited.invitationId };
  },
  entries: [
    { route: 'GET /b/:slug/team', access: 'admin' },
    { route: 'POST /b/:slug/team/invite', access: 'admin', form: () => ({ email: 'not an email', role: 'staff' }) },
    { route: 'POST /b/:slug/team/invitations/:id/revoke', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/team/invitations/${ids['teamInvitation']}/revoke` },
    { route: 'POST /b/:slug/team/members/:id/role', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/team/members/${ids['teamStaffMembership']}/role`, form: () => ({ role: 'staff' }) },
    { route: 'POST /b/:slug/team/members/:id/remove', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/team/members/${ids['teamOwnerMembership']}/remove` },
    // The harness sends no email: a link shown to copy is an owner's alone (with a mailer, an admin may have one emailed).
    { route: 'POST /b/:slug/team/members/:id/reset-link', access: 'owner', url: (h, ids) => `/admin/b/${h.world.business.slug}/team/members/${ids['teamStaffMembership']}/reset-link` },
    { route: 'GET /b/:slug/delete', access: 'owner' },
    { route: 'POST /b/:slug/delete', access: 'owner', form: () => ({ confirm: 'not-the-slug' }) },
  ],
};
