import { updateBranding } from '../../../../src/app/catalog/update-branding.ts';
import type { AccessTable } from './access-entry.ts';

/** A 1×1 PNG (the signature is what counts: logos are checked by content). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Policies and branding: admins and owners change them; every member sees the logo. */
export const table: AccessTable = {
  entries: [
    { route: 'GET /b/:slug/policies', access: 'admin' },
    // Harmless for every allowed actor: the form is refused (422), nothing changes.
    { route: 'POST /b/:slug/policies', access: 'admin', form: () => ({ minNoticeMinutes: 'soon' }) },
    { route: 'GET /b/:slug/branding', access: 'admin' },
    { route: 'POST /b/:slug/branding', access: 'admin', form: () => ({ primaryColor: 'blue', accentColor: 'green' }) },
    { route: 'GET /b/:slug/logo', access: 'staff' },
  ],
  // The logo route answers 404 when there is no logo: give the business one.
  async prepare(h) {
    const business = h.world.business;
    await updateBranding(h.deps.ctx, business.id, { kind: 'system' }, { primaryColor: business.brandPrimaryColor, accentColor: business.brandAccentColor, logo: TINY_PNG });
    return {};
  },
};
