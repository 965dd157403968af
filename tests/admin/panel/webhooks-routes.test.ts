import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { InvalidField } from '../../../src/app/catalog/invalid-field.ts';
import { fanOutOutbox } from '../../../src/app/notifications/fan-out-outbox.ts';
import { createWebhookSubscription } from '../../../src/app/webhooks/create-webhook-subscription.ts';
import { checkWebhookUrl } from '../../../src/app/webhooks/webhook-url.ts';
import type { WebhookSettings } from '../../../src/app/webhooks/webhook-settings.ts';
import { deliverWebhooks } from '../../../src/jobs/webhook-delivery-job.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const settings: WebhookSettings = { secrets: TEST_APP_SECRET, allowPrivateUrls: true };
let db: TestDatabase;
let h: PanelHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm, { deps: { webhooks: settings } });
  receiver = await startWebhookReceiver(() => Math.floor(h.world.clock.now() / 1000));
});
afterAll(async () => {
  await receiver.close();
  await h.close();
  await db.drop();
});

async function run() {
  await fanOutOutbox(h.world.ctx);
  return deliverWebhooks(h.world.ctx, settings, pino({ level: 'silent' }));
}

describe('the Webhooks page', () => {
  it('refuses URLs the service must not call, and a subscription with no events, with 422', async () => {
    const owner = await h.as('owner');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/x', 'not a url', 'https://user:pw@example.com/hook']) {
      const response = await owner.post(`/admin/b/${h.world.business.slug}/webhooks`, { url, events: ['booking.created'] });
      expect(response.statusCode, url).toBe(422);
      expect(response.body).toContain('aria-invalid="true"');
    }
    const none = await owner.post(`/admin/b/${h.world.business.slug}/webhooks`, { url: 'https://example.com/hook' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choose at least one event.');
    const unknown = await owner.post(`/admin/b/${h.world.business.slug}/webhooks`, { url: 'https://example.com/hook', events: ['booking.exploded'] });
    expect(unknown.statusCode).toBe(422);
  });

  it('allows receivers on this machine or a private network only under the flag', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'https://localhost/hook', 'https://10.1.2.3/hook', 'https://[::1]/hook', 'https://169.254.169.254/latest', 'https://192.168.0.5/']) {
      expect(checkWebhookUrl(url, false), url).toBe('private');
      expect(checkWebhookUrl(url, true), url).toBeNull();
    }
    expect(checkWebhookUrl('http://example.com/hook', false)).toBe('not_https');
    expect(checkWebhookUrl('https://example.com/hook', false)).toBeNull();
    await expect(
      createWebhookSubscription(h.world.ctx, { ...settings, allowPrivateUrls: false }, h.world.business.id, { kind: 'system' }, { url: receiver.url, events: ['booking.created'] }),
    ).rejects.toBeInstanceOf(InvalidField);
  });

  it('adds a receiver showing its secret once; events arrive signed; Resend delivers one again; managers may not look', async () => {
    const owner = await h.as('owner');
    const added = await owner.post(`/admin/b/${h.world.business.slug}/webhooks`, { url: receiver.url, events: ['', 'booking.created'] });
    expect(added.statusCode).toBe(200);
    const secret = /<code data-secret>(whsec_[A-Za-z0-9_-]+)<\/code>/.exec(added.body)?.[1];
    expect(secret).toBeDefined();
    receiver.secret = secret!;
    const id = /data-secret-for="([0-9a-f-]{36})"/.exec(added.body)![1]!;
    const page = await owner.get(`/admin/b/${h.world.business.slug}/webhooks`);
    expect(page.body).toContain(receiver.url);
    expect(page.body).not.toContain(secret!);

    await createBooking(h.world.ctx, h.world.business.id, { kind: 'business', userId: null }, { customerId: h.world.customers[0]!, serviceId: h.world.haircut.id, staffId: h.world.staff[0]!.id, startsAt: h.world.at('12:00') });
    expect(await run()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received.map((r) => [r.body.type, r.signatureValid])).toEqual([['booking.created', true]]);

    const log = await owner.get(`/admin/b/${h.world.business.slug}/webhooks/${id}`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('data-status="delivered"');
    const deliveryId = /data-delivery="([0-9a-f-]{36})"/.exec(log.body)![1]!;
    const resent = await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/deliveries/${deliveryId}/resend`);
    expect(resent.statusCode).toBe(303);
    expect(await run()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body.id).toBe(receiver.received[0]!.body.id);
    expect(receiver.received[1]!.signatureValid).toBe(true);

    // The test button, then off: a disabled subscription receives nothing.
    await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/test`);
    await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/enabled`, { enabled: 'off' });
    expect(await run()).toEqual({ delivered: 0, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/enabled`, { enabled: 'on' });
    expect(await run()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received[2]!.body.type).toBe('webhook.test');

    // Rotating: the new secret signs from now on.
    const rotated = await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/rotate`);
    receiver.secret = /<code data-secret>(whsec_[A-Za-z0-9_-]+)<\/code>/.exec(rotated.body)![1]!;
    expect(receiver.secret).not.toBe(secret);
    await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/test`);
    await run();
    expect(receiver.received[3]!.signatureValid).toBe(true);

    const manager = await h.as('manager');
    expect((await manager.get(`/admin/b/${h.world.business.slug}/webhooks`)).statusCode).toBe(403);
    // Another business cannot reach it.
    const outsider = await h.as('outsider');
    expect((await outsider.get(`/admin/b/${h.other.business.slug}/webhooks/${id}`)).statusCode).toBe(404);

    const deleted = await owner.post(`/admin/b/${h.world.business.slug}/webhooks/${id}/delete`);
    expect(deleted.statusCode).toBe(303);
    expect((await owner.get(`/admin/b/${h.world.business.slug}/webhooks/${id}`)).statusCode).toBe(404);
  });
});
