import type { AccessTable } from './access-entry.ts';

const NO_EXPENSE = '00000000-0000-4000-8000-000000000000';

/**
 * Reports: managers and above read them; admins and owners record and delete expenses.
 * The expense form is posted without a category (refused, nothing saved), and the
 * delete names an expense that does not exist (nothing to delete).
 */
export const table: AccessTable = {
  entries: [
    { route: 'GET /b/:slug/reports', access: 'manager' },
    { route: 'GET /b/:slug/reports/finance', access: 'manager' },
    { route: 'GET /b/:slug/reports/revenue.csv', access: 'manager' },
    { route: 'POST /b/:slug/reports/expenses', access: 'admin', form: () => ({ category: '', amount: '10', spentOn: '2031-03-04' }) },
    {
      route: 'POST /b/:slug/reports/expenses/:id/delete',
      access: 'admin',
      url: (h) => `/admin/b/${h.world.business.slug}/reports/expenses/${NO_EXPENSE}/delete`,
      form: () => ({}),
    },
  ],
};
