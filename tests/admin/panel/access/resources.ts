import { listResources } from '../../../../src/app/catalog/list-resources.ts';
import type { AccessTable } from './access-entry.ts';

const resource = (slug: string, id: string) => `/admin/b/${slug}/resources/${id}`;

/** Resources: admins and owners set them up. Posted forms are invalid (a blank name), so nothing changes. */
export const table: AccessTable = {
  prepare: async (h) => {
    const [room] = await listResources(h.world.ctx, h.world.business.id);
    return { resourcesRoomId: room!.id };
  },
  entries: [
    { route: 'GET /b/:slug/resources', access: 'admin' },
    { route: 'GET /b/:slug/resources/new', access: 'admin' },
    { route: 'POST /b/:slug/resources', access: 'admin', form: () => ({ name: '', kind: 'room', capacity: '1' }) },
    { route: 'GET /b/:slug/resources/:id', access: 'admin', url: (h, ids) => resource(h.world.business.slug, ids['resourcesRoomId']!) },
    {
      route: 'POST /b/:slug/resources/:id',
      access: 'admin',
      url: (h, ids) => resource(h.world.business.slug, ids['resourcesRoomId']!),
      form: () => ({ name: '', kind: 'room', capacity: '1' }),
    },
  ],
};
