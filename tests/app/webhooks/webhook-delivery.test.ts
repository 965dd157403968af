import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { fanOutOutbox } from '../../../src/app/notifications/fan-out-outbox.ts';
import { customerAtDesk } from '../../../src/app/customers/customer-at-desk.ts';
import { createWebhookSubscription } from '../../../src/app/webhooks/create-webhook-subscription.ts';
import { listWebhookSubscriptions } from '../../../src/app/webhooks/list-webhook-subscriptions.ts';
import { updateWebhookSubscription } from '../../../src/app/webhooks/update-webhook-subscription.ts';
import type { WebhookSettings } from '../../../src/app/webhooks/webhook-settings.ts';
import { OutboxMessageSchema, WebhookDeliverySchema, WebhookSubscriptionSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { deliverWebhooks } from '../../../src/jobs/webhook-delivery-job.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startWebhookReceiver, verifyBookChatSignature, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const settings: WebhookSettings = { secrets: 'webhook-test-app-secret-0123456789abcdef', allowPrivateUrls: true };
const desk = { kind: 'business', userId: null } as const;
const logger = pino({ level: 'silent' });

let db: TestDatabase;
let world: BookingWorld;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await db.drop();
});
beforeEach(async () => {
  world = await makeBookingWorld(db.orm);
});

async function subscribe(events: string[], w: BookingWorld = world): Promise<WebhookReceiver & { subscriptionId: string }> {
  const receiver = await startWebhookReceiver(() => Math.floor(w.clock.now() / 1000));
  receivers.push(receiver);
  const created = await createWebhookSubscription(w.ctx, settings, w.business.id, desk, { url: receiver.url, events: events as never });
  receiver.secret = created.secret;
  return Object.assign(receiver, { subscriptionId: created.subscription.id });
}

// What the outbox dispatcher does first (its fan-out writes the deliveries), then one job run.
async function run(w: BookingWorld = world) {
  await fanOutOutbox(w.ctx);
  return deliverWebhooks(w.ctx, settings, logger);
}

async function bookAndCancel(): Promise<string> {
  const booking = await createBooking(world.ctx, world.business.id, desk, { customerId: world.customers[0]!, serviceId: world.haircut.id, staffId: world.staff[0]!.id, startsAt: world.at('10:00') });
  await cancelBooking(world.ctx, world.business.id, desk, { bookingId: booking.id, reason: 'changed plans' });
  return booking.id;
}

describe('webhook delivery', () => {
  it('sends a booking created and cancelled once to each subscription that wants it, signed as documented', async () => {
    const all = await subscribe(['booking.created', 'booking.cancelled']);
    const cancelledOnly = await subscribe(['booking.cancelled']);
    const off = await subscribe(['booking.created', 'booking.cancelled']);
    await updateWebhookSubscription(world.ctx, settings, world.business.id, desk, { subscriptionId: off.subscriptionId, enabled: false });
    const bookingId = await bookAndCancel();

    expect(await run()).toEqual({ delivered: 3, failed: 0 });
    expect(await run()).toEqual({ delivered: 0, failed: 0 });

    // Two changes a moment apart: both arrive, in no promised order within the same millisecond.
    expect(all.received.map((r) => r.body.type).sort()).toEqual(['booking.cancelled', 'booking.created']);
    expect(cancelledOnly.received.map((r) => r.body.type)).toEqual(['booking.cancelled']);
    expect(off.received).toEqual([]);
    for (const r of [...all.received, ...cancelledOnly.received]) {
      expect(r.signatureValid).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['bookchat-event']).toBe(r.body.type);
      expect(r.headers['bookchat-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    }
    // One event, one id, whoever receives it.
    const byType = (type: string) => all.received.find((r) => r.body.type === type)!.body;
    expect(byType('booking.cancelled').id).toBe(cancelledOnly.received[0]!.body.id);
    const created = byType('booking.created');
    expect(created.business).toEqual({ slug: world.business.slug });
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.data['booking']).toMatchObject({
      id: bookingId,
      status: 'confirmed',
      starts_at: new Date(world.at('10:00')).toISOString(),
      service: { id: world.haircut.id, name: 'Haircut' },
      staff: { id: world.staff[0]!.id, name: 'Specialist 1' },
      customer: { id: world.customers[0], name: 'Customer 1' },
    });
    expect(byType('booking.cancelled').data['booking']).toMatchObject({ id: bookingId, status: 'cancelled', cancel_reason: 'changed plans' });
  });

  it('lets a receiver refuse a body that was changed, or a signature made for another secret', async () => {
    const hook = await subscribe(['customer.created']);
    await customerAtDesk(world.ctx, world.business.id, desk, { phone: '+380671112233', name: 'New Person' });
    await run();
    const [got] = hook.received;
    expect(got!.body.type).toBe('customer.created');
    expect(got!.body.data['customer']).toMatchObject({ name: 'New Person', phone: '+380671112233' });
    const header = String(got!.headers['bookchat-signature']);
    const now = Math.floor(world.clock.now() / 1000);
    expect(verifyBookChatSignature(hook.secret, header, got!.rawBody, now)).toBe(true);
    expect(verifyBookChatSignature(hook.secret, header, got!.rawBody.replace('New Person', 'Someone Else'), now)).toBe(false);
    expect(verifyBookChatSignature('whsec_another', header, got!.rawBody, now)).toBe(false);
    // A replay ten minutes later is refused by its timestamp.
    expect(verifyBookChatSignature(hook.secret, header, got!.rawBody, now + 600)).toBe(false);
  });

  it('retries a receiver that answers 500 after the backoff, then records it delivered', async () => {
    const hook = await subscribe(['booking.created']);
    hook.answer = 500;
    await createBooking(world.ctx, world.business.id, desk, { customerId: world.customers[1]!, serviceId: world.haircut.id, staffId: world.staff[1]!.id, startsAt: world.at('11:00') });
    expect(await run()).toEqual({ delivered: 0, failed: 1 });
    const em = emAcrossBusinesses(db.orm).fork();
    let delivery = await em.findOneOrFail(WebhookDeliverySchema, { subscription: hook.subscriptionId });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(delivery.nextAttemptAt?.getTime()).toBe(world.clock.now() + 60_000);

    hook.answer = 200;
    expect(await run()).toEqual({ delivered: 0, failed: 0 });
    world.clock.advanceMinutes(1);
    expect(await run()).toEqual({ delivered: 1, failed: 0 });
    delivery = await em.fork().findOneOrFail(WebhookDeliverySchema, { subscription: hook.subscriptionId });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(hook.received.map((r) => r.body.id)).toEqual([hook.received[0]!.body.id, hook.received[0]!.body.id]);
    expect(hook.received[0]!.rawBody).toBe(hook.received[1]!.rawBody);
  });

  it('gives a delivery up after about a day, and disables a subscription after three given up in a row, telling the team', async () => {
    const hook = await subscribe(['booking.created', 'booking.cancelled', 'customer.created']);
    hook.answer = 503;
    await bookAndCancel();
    await customerAtDesk(world.ctx, world.business.id, desk, { phone: '+380671119999', name: 'Third Event' });
    const start = world.clock.now();
    for (let i = 0; i < 8; i += 1) {
      await run();
      world.clock.advanceMinutes(13 * 60);
    }
    const em = emAcrossBusinesses(db.orm).fork();
    const deliveries = await em.find(WebhookDeliverySchema, { subscription: hook.subscriptionId });
    expect(deliveries.map((d) => [d.status, d.attempts])).toEqual([['gave_up', 8], ['gave_up', 8], ['gave_up', 8]]);
    expect(hook.received).toHaveLength(24);
    const [sub] = await listWebhookSubscriptions(world.ctx, world.business.id);
    expect(sub).toMatchObject({ enabled: false, consecutiveFailures: 3 });
    expect(sub!.disabledReason).toContain('HTTP 503');
    const told = await em.find(OutboxMessageSchema, { business: world.business.id, topic: 'webhooks.subscription_disabled' });
    expect(told.map((m) => m.payload)).toEqual([{ subscriptionId: hook.subscriptionId, url: hook.url, reason: 'HTTP 503' }]);
    expect(world.clock.now() - start).toBeGreaterThan(20 * 3_600_000);
    // Disabled: a new event reaches it no more.
    hook.answer = 200;
    await customerAtDesk(world.ctx, world.business.id, desk, { phone: '+380671118888', name: 'After' });
    await run();
    expect(hook.received).toHaveLength(24);
    expect(await em.count(WebhookSubscriptionSchema, { id: hook.subscriptionId, enabled: true })).toBe(0);
  });
});
