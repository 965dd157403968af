import type { AccessTable } from './access-entry.ts';

const service = (slug: string, id: string) => `/admin/b/${slug}/services/${id}`;

/** Services: admins and owners set them up. Posted forms are invalid (a blank name), so nothing changes. */
export const table: AccessTable = {
  prepare: async (h) => ({ servicesHaircutId: h.world.haircut.id }),
  entries: [
    { route: 'GET /b/:slug/services', access: 'admin' },
    { route: 'GET /b/:slug/services/new', access: 'admin' },
    { route: 'POST /b/:slug/services', access: 'admin', form: () => ({ name: '', durationMinutes: '60', price: '10' }) },
    { route: 'GET /b/:slug/services/:id', access: 'admin', url: (h, ids) => service(h.world.business.slug, ids['servicesHaircutId']!) },
    {
      route: 'POST /b/:slug/services/:id',
      access: 'admin',
      url: (h, ids) => service(h.world.business.slug, ids['servicesHaircutId']!),
      form: () => ({ name: '', durationMinutes: '60', price: '10' }),
    },
  ],
};
