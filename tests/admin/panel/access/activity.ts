import { WaitlistEntrySchema } from '../../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../../src/db/tenant-scope.ts';
import type { AccessTable } from './access-entry.ts';

/**
 * Reviews and the waitlist: managers and up; the audit log: admins and up. Removing an
 * entry that has already left the waitlist changes nothing.
 */
export const table: AccessTable = {
  prepare: async (h, orm) => {
    const em = emForBusiness(orm, h.world.business.id);
    const entry = em.create(WaitlistEntrySchema, { business: h.world.business.id, service: h.world.haircut.id, customer: h.world.customers[1]!, fromDate: '2031-03-05', toDate: '2031-03-05', status: 'cancelled' });
    await em.flush();
    return { leftWaitlistEntryId: entry.id, leftWaitlistCustomerId: h.world.customers[1]! };
  },
  entries: [
    { route: 'GET /b/:slug/reviews', access: 'manager' },
    { route: 'GET /b/:slug/waitlist', access: 'manager' },
    {
      route: 'POST /b/:slug/waitlist/:id/remove',
      access: 'manager',
      url: (h, ids) => `/admin/b/${h.world.business.slug}/waitlist/${ids['leftWaitlistEntryId']!}/remove`,
      form: (_h, ids) => ({ customerId: ids['leftWaitlistCustomerId']! }),
    },
    { route: 'GET /b/:slug/audit', access: 'admin' },
  ],
};
