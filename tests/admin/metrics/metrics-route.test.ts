import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { createPrometheusMetrics, type PrometheusMetrics } from '../../../src/admin/metrics/prometheus-metrics.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import type { UseCaseContext } from '../../../src/app/shared/use-case-context.ts';
import { readBacklog } from '../../../src/jobs/backlog.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { chatDriver } from '../../support/chat-driver.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

const TOKEN = 'metrics-token-metrics-token-0123';

let db: TestDatabase;
let w: BookingWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
});
afterAll(async () => db.drop());

/** The value of one sample line (`name{labels} value`) in a scrape, or undefined. */
function sample(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function serve(prometheus: PrometheusMetrics, token: string | undefined, extra: Partial<Parameters<typeof buildHttpServer>[0]> = {}) {
  return buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, metrics: { prometheus, token }, ...extra });
}

describe('GET /metrics', () => {
  it('shows bookings by outcome, chat updates with their latency, and the outbox backlog after a booking and an update', async () => {
    const prometheus = createPrometheusMetrics({ backlog: () => readBacklog(w.ctx) });
    const ctx: UseCaseContext = { ...w.ctx, metrics: prometheus.metrics };
    const app = serve(prometheus, TOKEN);
    const scrape = async () => {
      const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.body;
    };
    const before = await scrape();
    expect(sample(before, 'bookchat_bookings_total{outcome="held"}')).toBeUndefined();

    // A hold, a second customer refused the same slot, a direct booking, and its retry under the same key.
    const slot = { serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 3) };
    await holdSlot(ctx, w.business.id, { ...slot, customerId: w.customers[0]!, source: 'telegram' });
    await expect(holdSlot(ctx, w.business.id, { ...slot, customerId: w.customers[1]!, source: 'telegram' })).rejects.toMatchObject({ code: 'slot_taken' });
    const direct = { serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('12:00', 3), customerId: w.customers[2]!, idempotencyKey: 'desk-1' };
    await createBooking(ctx, w.business.id, { kind: 'business', userId: null }, direct);
    await createBooking(ctx, w.business.id, { kind: 'business', userId: null }, direct);
    // A chat update through the engine.
    const chat = chatDriver({ ctx, translator: await createTranslator(await loadMessages()), businessId: w.business.id, chatId: '7001' });
    await chat.type('hi');

    const after = await scrape();
    expect(sample(after, 'bookchat_bookings_total{outcome="held"}')).toBe(1);
    expect(sample(after, 'bookchat_bookings_total{outcome="slot_taken"}')).toBe(1);
    expect(sample(after, 'bookchat_bookings_total{outcome="created"}')).toBe(1);
    expect(sample(after, 'bookchat_bookings_total{outcome="replayed"}')).toBe(1);
    expect(sample(after, 'bookchat_chat_updates_total{channel="telegram",outcome="handled"}')).toBe(1);
    expect(sample(after, 'bookchat_chat_update_duration_seconds_count{channel="telegram"}')).toBe(1);
    // The bookings wrote outbox messages nobody has fanned out yet; no job is due.
    expect(sample(after, 'bookchat_outbox_pending{stage="message"}')).toBeGreaterThan(0);
    expect(sample(after, 'bookchat_outbox_pending{stage="delivery"}')).toBe(0);
    expect(sample(after, 'bookchat_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'bookchat_job_lag_seconds')).toBe(0);
    await app.close();
  });

  it('counts refused webhook signatures per provider and the HTTP 5xx errors', async () => {
    const prometheus = createPrometheusMetrics();
    const app = serve(prometheus, TOKEN, {
      channelRoutes: [
        { method: 'POST', url: '/telegram/:botId', body: 'json', bodyLimit: 1024, authorize: () => false, handle: async () => ({ outcome: 'ok' }) },
        { method: 'POST', url: '/twilio/:slug/sms', body: 'form', bodyLimit: 1024, handle: async () => ({ outcome: 'forbidden' }) },
      ],
      paymentWebhooks: { stripe: async () => 'bad_signature' },
      panel: undefined,
    });
    app.get('/boom', async () => {
      throw new Error('a bug');
    });
    expect((await app.inject({ method: 'POST', url: '/telegram/1', payload: {} })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/twilio/demo/sms', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'Body=hi' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/webhooks/stripe/demo', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
    const body = (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
    expect(sample(body, 'bookchat_webhook_rejections_total{source="telegram"}')).toBe(1);
    expect(sample(body, 'bookchat_webhook_rejections_total{source="twilio"}')).toBe(1);
    expect(sample(body, 'bookchat_webhook_rejections_total{source="stripe"}')).toBe(1);
    expect(sample(body, 'bookchat_errors_total{boundary="http"}')).toBe(1);
    await app.close();
  });

  it('answers 401 to a missing or wrong token, and does not exist without METRICS_TOKEN', async () => {
    const prometheus = createPrometheusMetrics();
    const guarded = serve(prometheus, TOKEN);
    for (const authorization of [undefined, 'Bearer wrong', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await guarded.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).not.toContain('bookchat_');
    }
    await guarded.close();
    const open = serve(createPrometheusMetrics(), undefined);
    expect((await open.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
    await open.close();
  });

  it('keeps each app’s metrics apart (a registry per app, not the global one)', async () => {
    const one = createPrometheusMetrics();
    const two = createPrometheusMetrics();
    one.metrics.bookingOutcome('created');
    const read = async (p: PrometheusMetrics) => {
      const app = serve(p, TOKEN);
      const body = (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
      await app.close();
      return body;
    };
    expect(sample(await read(one), 'bookchat_bookings_total{outcome="created"}')).toBe(1);
    expect(sample(await read(two), 'bookchat_bookings_total{outcome="created"}')).toBeUndefined();
  });
});
