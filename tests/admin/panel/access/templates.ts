import type { AccessTable } from './access-entry.ts';

/** Message templates: admins and owners. Posted forms name a message that is not ours, so nothing changes. */
export const table: AccessTable = {
  entries: [
    { route: 'GET /b/:slug/templates', access: 'admin' },
    { route: 'POST /b/:slug/templates', access: 'admin', form: () => ({ key: 'notify.team.new_booking', language: 'en', body: 'x' }) },
    { route: 'POST /b/:slug/templates/preview', access: 'admin', form: () => ({ key: 'notify.customer.confirmed', language: 'en', body: 'Hi {{service}}' }) },
  ],
};
