import type { AccessTable } from './access-entry.ts';

/** Sign-in, account and home routes. */
export const table: AccessTable = {
  entries: [
    { route: 'GET ', access: 'public', url: () => '/admin' },
    { route: 'GET /sign-in', access: 'public' },
    { route: 'POST /sign-in', access: 'public', form: () => ({ email: 'nobody@example.com', password: 'x' }) },
    { route: 'POST /sign-out', access: 'public', fresh: true },
    { route: 'POST /language', access: 'public', form: () => ({ language: 'en', back: '/admin' }) },
    { route: 'GET /switch', access: 'signed_in', url: (h) => `/admin/switch?slug=${h.world.business.slug}` },
    { route: 'GET /account', access: 'signed_in' },
    { route: 'POST /account/password', access: 'signed_in', form: () => ({ current: 'wrong', password: 'short', confirm: 'short' }) },
    { route: 'GET /b/:slug/brand.css', access: 'staff' },
  ],
};
