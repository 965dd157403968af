import { createApiKey } from '../../../../src/app/api-keys/create-api-key.ts';
import type { AccessTable } from './access-entry.ts';

/** API keys: admins and owners. The create form has no name (422, nothing made); revoking the prepared key again changes nothing. */
export const table: AccessTable = {
  prepare: async (h) => ({ keyId: (await createApiKey(h.world.ctx, h.world.business.id, h.userIds.owner, { name: 'Access test', scope: 'read' })).apiKey.id }),
  entries: [
    { route: 'GET /b/:slug/api-keys', access: 'admin' },
    { route: 'POST /b/:slug/api-keys', access: 'admin', form: () => ({ name: '', scope: 'read' }) },
    { route: 'POST /b/:slug/api-keys/:id/revoke', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/api-keys/${ids['keyId']}/revoke`, form: () => ({}) },
  ],
};
