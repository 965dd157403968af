import type { AccessTable } from './access-entry.ts';

/** The Channels page's Payments: Stripe keys are the owner's alone; the Kaspi link is admins' and owners'. */
export const table: AccessTable = {
  entries: [
    // Keys of the wrong shape: refused before anything is stored.
    { route: 'POST /b/:slug/channels/stripe', access: 'owner', form: () => ({ secretKey: 'sk_nope', webhookSecret: 'whsec_' }) },
    // Nothing is connected in the access test's world: nothing to disconnect.
    { route: 'POST /b/:slug/channels/stripe/disconnect', access: 'owner' },
    // A link that is not https: refused before anything is stored.
    { route: 'POST /b/:slug/channels/kaspi', access: 'admin', form: () => ({ payLink: 'http://pay.kaspi.kz/x', billingPhone: '' }) },
    { route: 'POST /b/:slug/channels/kaspi/disconnect', access: 'admin' },
  ],
};
