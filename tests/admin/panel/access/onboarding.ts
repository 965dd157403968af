import type { AccessTable } from './access-entry.ts';

/** The onboarding wizard and the business profile page. Posts are invalid forms (422) or "continue" with nothing typed. */
export const table: AccessTable = {
  entries: [
    { route: 'GET /new', access: 'signed_in' },
    { route: 'POST /new', access: 'signed_in', form: () => ({ name: '', timeZone: 'Asia/Almaty', language: 'en', currency: 'KZT', phoneCountry: 'KZ' }) },
    { route: 'GET /b/:slug/setup', access: 'admin' },
    { route: 'POST /b/:slug/setup', access: 'admin', form: () => ({ name: 'Renamed', slug: '-not-a-slug' }) },
    { route: 'GET /b/:slug/setup/contact', access: 'admin' },
    { route: 'POST /b/:slug/setup/contact', access: 'admin', form: () => ({ address: 'Somewhere', mapUrl: 'javascript:alert(1)', phone: '' }) },
    { route: 'GET /b/:slug/setup/services', access: 'admin' },
    { route: 'POST /b/:slug/setup/services', access: 'admin', form: () => ({ then: 'another', name: 'Probe', durationMinutes: 'long', price: '10' }) },
    { route: 'GET /b/:slug/setup/staff', access: 'admin' },
    { route: 'POST /b/:slug/setup/staff', access: 'admin', form: () => ({ then: 'next', who: 'other', name: '' }) },
    { route: 'GET /b/:slug/setup/done', access: 'admin' },
    { route: 'GET /b/:slug/settings', access: 'admin' },
    { route: 'POST /b/:slug/settings', access: 'admin', form: () => ({ name: 'Renamed', mapUrl: 'ftp://example.org' }) },
  ],
};
