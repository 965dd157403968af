import type { AccessTable } from './access-entry.ts';

/** The Channels page: Telegram bot, WhatsApp number, Twilio, links and QR codes, team link codes. Admins and owners only. */
export const table: AccessTable = {
  entries: [
    { route: 'GET /b/:slug/channels', access: 'admin' },
    // A token of the wrong shape: refused before Telegram is asked.
    { route: 'POST /b/:slug/channels/telegram', access: 'admin', form: () => ({ token: 'not-a-token' }) },
    // No bot is connected in the access test's world: nothing to disconnect.
    { route: 'POST /b/:slug/channels/telegram/disconnect', access: 'admin' },
    { route: 'POST /b/:slug/channels/team-code/rotate', access: 'admin' },
    { route: 'POST /b/:slug/channels/staff/:staffId/rotate', access: 'admin', url: (h) => `/admin/b/${h.world.business.slug}/channels/staff/${h.world.staff[0]!.id}/rotate` },
    // A malformed account: refused before anything is stored (no channels run in the access test).
    { route: 'POST /b/:slug/channels/twilio', access: 'admin', form: () => ({ accountSid: 'AC1', authToken: 'x' }) },
    { route: 'POST /b/:slug/channels/twilio/disconnect', access: 'admin' },
    // A phone that is not one: refused before any socket is opened.
    { route: 'POST /b/:slug/channels/whatsapp/link', access: 'admin', form: () => ({ phone: 'x'.repeat(40) }) },
    { route: 'GET /b/:slug/channels/whatsapp/status', access: 'admin' },
    { route: 'POST /b/:slug/channels/whatsapp/unlink', access: 'admin' },
    { route: 'GET /b/:slug/channels/qr.png', access: 'admin', url: (h) => `/admin/b/${h.world.business.slug}/channels/qr.png?target=booking` },
  ],
};
