import { createWebhookSubscription } from '../../../../src/app/webhooks/create-webhook-subscription.ts';
import { sendTestWebhook } from '../../../../src/app/webhooks/send-test-webhook.ts';
import type { AccessTable } from './access-entry.ts';

const one = (slug: string, id: string) => `/admin/b/${slug}/webhooks/${id}`;

/**
 * Webhooks: admins and owners. The new one posted has no URL (refused); the subscription
 * stays off (turning it off again is a no-op), its test event and resend only queue a
 * delivery nobody sends here; the delete names an id that is not a subscription.
 */
export const table: AccessTable = {
  prepare: async (h) => {
    const settings = { secrets: 'access-table-app-secret-0123456789abcdef', allowPrivateUrls: true };
    const { subscription } = await createWebhookSubscription(h.world.ctx, settings, h.world.business.id, { kind: 'system' }, { url: 'https://example.com/hook', events: ['booking.created'] });
    const { deliveryId } = await sendTestWebhook(h.world.ctx, h.world.business.id, { subscriptionId: subscription.id });
    return { subscriptionId: subscription.id, deliveryId };
  },
  entries: [
    { route: 'GET /b/:slug/webhooks', access: 'admin' },
    { route: 'POST /b/:slug/webhooks', access: 'admin', form: () => ({ url: '' }) },
    { route: 'GET /b/:slug/webhooks/:id', access: 'admin', url: (h, ids) => one(h.world.business.slug, ids['subscriptionId']!) },
    { route: 'POST /b/:slug/webhooks/:id/enabled', access: 'admin', url: (h, ids) => `${one(h.world.business.slug, ids['subscriptionId']!)}/enabled`, form: () => ({ enabled: 'off' }) },
    { route: 'POST /b/:slug/webhooks/:id/delete', access: 'admin', url: (h) => `${one(h.world.business.slug, 'not-a-subscription')}/delete`, form: () => ({}) },
    { route: 'POST /b/:slug/webhooks/:id/rotate', access: 'admin', url: (h, ids) => `${one(h.world.business.slug, ids['subscriptionId']!)}/rotate`, form: () => ({}) },
    { route: 'POST /b/:slug/webhooks/:id/test', access: 'admin', url: (h, ids) => `${one(h.world.business.slug, ids['subscriptionId']!)}/test`, form: () => ({}) },
    {
      route: 'POST /b/:slug/webhooks/:id/deliveries/:deliveryId/resend',
      access: 'admin',
      url: (h, ids) => `${one(h.world.business.slug, ids['subscriptionId']!)}/deliveries/${ids['deliveryId']!}/resend`,
      form: () => ({}),
    },
  ],
};
