import { inviteMember } from '../../../../src/app/accounts/invite-member.ts';
import type { AccessTable } from './access-entry.ts';

// A well-formed token no link has.
const UNKNOWN_TOKEN = 'A'.repeat(43);

/** Password reset and invitation links: public, since the person may not be able to sign in. */
export const table: AccessTable = {
  async prepare(h) {
    const invited = await inviteMember(h.deps.ctx, h.world.business.id, h.userIds.owner, { email: 'access-table-reader@example.com', role: 'manager' });
    if (invited.kind !== 'invited') throw new Error('the access table could not invite');
    return { resetInvitationToken: invited.token };
  },
  entries: [
    { route: 'GET /password-reset', access: 'public' },
    { route: 'POST /password-reset', access: 'public', form: () => ({ email: 'nobody@example.com' }) },
    { route: 'GET /password-reset/:token', access: 'public', url: () => `/admin/password-reset/${UNKNOWN_TOKEN}` },
    { route: 'POST /password-reset/:token', access: 'public', url: () => `/admin/password-reset/${UNKNOWN_TOKEN}`, form: () => ({ password: 'long enough password', confirm: 'long enough password' }) },
    { route: 'GET /invite/:token', access: 'public', url: (_h, ids) => `/admin/invite/${ids['resetInvitationToken']}` },
    { route: 'POST /invite/:token', access: 'public', url: () => `/admin/invite/${UNKNOWN_TOKEN}` },
  ],
};
