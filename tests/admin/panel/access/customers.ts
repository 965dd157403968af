import type { AccessTable } from './access-entry.ts';

const customer = (slug: string, id: string, rest = '') => `/admin/b/${slug}/customers/${id}${rest}`;
const tooManyTags = Array.from({ length: 21 }, (_, i) => `t${i}`).join(',');

/**
 * Customers: managers and up read them (and download them as CSV), edit notes and tags and clear a bounced
 * e-mail mark; admins and up block, merge and export. Posted forms are invalid (too many tags, no card to
 * merge) or idempotent (unblocking a customer who is not blocked, clearing a bounce there is not), so
 * nothing changes.
 */
export const table: AccessTable = {
  prepare: async (h) => ({ accessCustomerId: h.world.customers[0]! }),
  entries: [
    { route: 'GET /b/:slug/customers', access: 'manager' },
    { route: 'GET /b/:slug/customers.csv', access: 'manager' },
    { route: 'GET /b/:slug/customers/:id', access: 'manager', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!) },
    { route: 'POST /b/:slug/customers/:id', access: 'manager', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!), form: () => ({ tags: tooManyTags, notes: '', preferences: '' }) },
    { route: 'POST /b/:slug/customers/:id/email-bounce/clear', access: 'manager', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!, '/email-bounce/clear') },
    { route: 'POST /b/:slug/customers/:id/block', access: 'admin', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!, '/block'), form: () => ({ blocked: 'no' }) },
    { route: 'GET /b/:slug/customers/:id/merge', access: 'admin', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!, '/merge') },
    { route: 'POST /b/:slug/customers/:id/merge', access: 'admin', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!, '/merge'), form: () => ({ from: 'nobody' }) },
    { route: 'GET /b/:slug/customers/:id/export.json', access: 'admin', url: (h, ids) => customer(h.world.business.slug, ids['accessCustomerId']!, '/export.json') },
  ],
};
