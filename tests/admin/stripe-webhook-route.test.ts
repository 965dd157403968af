import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { markDepositPaid } from '../../src/app/booking/mark-deposit-paid.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { BookingSchema, OutboxMessageSchema, PaymentSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { cashProvider } from '../../src/payments/cash-provider.ts';
import { connectStripe } from '../../src/payments/stripe/stripe-accounts.ts';
import { stripeProvider } from '../../src/payments/stripe/stripe-provider.ts';
import { stripeWebhooks } from '../../src/payments/stripe/stripe-webhook-receiver.ts';
import { chatDriver, type ChatDriver } from '../support/chat-driver.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { FakeStripeApi } from '../support/fake-stripe-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A deposit paid by card from the chat: the Checkout link the chat shows comes from the
// fake Stripe API over real HTTP, and Stripe's signed webhooks reach the service's own
// route over real HTTP — raw body, the business's signing secret, each event once.
const SECRET = 'stripe-route-test-app-secret-0123456789ab';
const KEY = `sk_test_${'51RouteTest'.repeat(3)}`;
const WHSEC = `whsec_${'RouteSecret'.repeat(3)}`;
const PUBLIC_URL = 'https://book.example.test';

let db: TestDatabase;
let w: BookingWorld;
let ctx: UseCaseContext;
let fake: FakeStripeApi;
let app: FastifyInstance;
let base: string;
let chats = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 1, slug: 'stripe-route' });
  fake = await FakeStripeApi.start({ now: w.clock.now });
  fake.addKey(KEY);
  await connectStripe(w.ctx, w.business.id, SECRET, { secretKey: KEY, webhookSecret: WHSEC });
  ctx = { ...w.ctx };
  ctx.payments = { providers: [stripeProvider({ ctx, appSecret: SECRET, apiBase: fake.url }), cashProvider()], publicUrl: PUBLIC_URL };
  app = buildHttpServer({
    logger: pino({ level: 'silent' }),
    isDatabaseReachable: async () => true,
    paymentWebhooks: stripeWebhooks({ ctx, appSecret: SECRET }),
    customerPages: { ctx, translator: await createTranslator(await loadMessages()) },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, w.business.id);

/** A customer books a massage (20 % deposit) in the chat and is shown the deposit step. */
async function bookWithDeposit(time: string): Promise<{ chat: ChatDriver; bookingId: string; sessionId: string }> {
  chats += 1;
  const chat = chatDriver({ ctx, translator: await createTranslator(await loadMessages()), businessId: w.business.id, chatId: String(7700 + chats), name: 'Olena' });
  await chat.type('hi');
  await chat.press('Book');
  await chat.press('Massage');
  await chat.press('Anyone');
  await chat.press('Wed');
  await chat.press(time);
  await chat.press('Olena');
  if (chat.text().includes('phone')) await chat.type(`+38067555${String(1000 + chats)}`);
  await chat.press('Confirm');
  const payment = await em().findOneOrFail(PaymentSchema, { status: 'pending' }, { orderBy: { createdAt: 'desc' } });
  expect(chat.last().links?.[0]?.url).toBe(payment.link);
  expect(chat.text()).toContain('Pay by card');
  return { chat, bookingId: payment.booking.id, sessionId: payment.providerPaymentId! };
}

async function deliver(body: Buffer, signature: string | null, slug = w.business.slug): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== null) headers['stripe-signature'] = signature;
  const res = await fetch(`${base}/webhooks/stripe/${slug}`, { method: 'POST', headers, body });
  return res.status;
}

describe('POST /webhooks/stripe/<slug>', () => {
  it('the chat shows the Checkout link; paid → confirmed exactly once when the event arrives three times', async () => {
    const { bookingId, sessionId } = await bookWithDeposit('11:00');
    const page = (query = '', language = 'en') => fetch(`${base}/pay/${w.business.slug}/${bookingId}${query}`, { headers: { 'accept-language': language } });
    // The customer gave up on Checkout: the page says it is not paid yet and leads back to the chat.
    const notYet = await page();
    expect(notYet.status).toBe(200);
    const notYetHtml = await notYet.text();
    expect(notYetHtml).toContain('The payment is not finished');
    expect(notYetHtml).toContain(`href="/chat/${w.business.slug}"`);
    const session = fake.pay(sessionId);
    // Back from Checkout before Stripe's event: received, being confirmed.
    expect(await (await page('?done=1')).text()).toContain('payment received');
    const event = fake.signedEvent('checkout.session.completed', session, WHSEC);
    expect(await deliver(event.body, event.signature)).toBe(200);
    expect(await deliver(event.body, event.signature)).toBe(200);
    expect(await deliver(event.body, event.signature)).toBe(200);
    expect(await em().findOneOrFail(BookingSchema, { id: bookingId })).toMatchObject({ status: 'confirmed', paymentDueAt: null });
    expect(await em().count(OutboxMessageSchema, { aggregateId: bookingId, topic: 'booking.confirmed' })).toBe(1);
    // The team hears it once too: the post as it now stands (confirmed).
    expect(await em().count(OutboxMessageSchema, { aggregateId: bookingId, topic: 'payment.received' })).toBe(1);
    expect(await em().findOneOrFail(PaymentSchema, { providerPaymentId: sessionId })).toMatchObject({ status: 'paid', providerChargeId: session.payment_intent });
    expect(await (await page('', 'ru-RU,ru;q=0.9')).text()).toContain('Оплачено — спасибо!');
    const unknown = await fetch(`${base}/pay/${w.business.slug}/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${base}/pay/no-such-business/${bookingId}`)).status).toBe(404);
  });

  it('a forged, re-serialised or missing signature → 400 and nothing changes; an unknown business → 404', async () => {
    const { bookingId, sessionId } = await bookWithDeposit('12:00');
    const session = fake.pay(sessionId);
    const forged = fake.signedEvent('checkout.session.completed', session, `whsec_${'Forged0000'.repeat(3)}`);
    expect(await deliver(forged.body, forged.signature)).toBe(400);
    const good = fake.signedEvent('checkout.session.completed', session, WHSEC);
    expect(await deliver(Buffer.from(JSON.stringify(JSON.parse(good.body.toString('utf8')))), good.signature)).toBe(400);
    expect(await deliver(good.body, null)).toBe(400);
    expect(await deliver(good.body, good.signature, 'no-such-business')).toBe(404);
    expect(await em().findOneOrFail(BookingSchema, { id: bookingId })).toMatchObject({ status: 'pending', awaiting: 'payment' });
    expect(await em().findOneOrFail(PaymentSchema, { providerPaymentId: sessionId })).toMatchObject({ status: 'pending' });
    // Other routes keep their own parsing: the webhook scope's raw bodies stay there.
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('expired → the slot released and the customer told', async () => {
    const { bookingId, sessionId } = await bookWithDeposit('13:00');
    const expired = fake.signedEvent('checkout.session.expired', { ...fake.sessions.get(sessionId), status: 'expired' }, WHSEC);
    expect(await deliver(expired.body, expired.signature)).toBe(200);
    expect(await em().findOneOrFail(BookingSchema, { id: bookingId })).toMatchObject({ status: 'cancelled' });
    expect(await em().count(OutboxMessageSchema, { aggregateId: bookingId, topic: 'booking.payment_expired' })).toBe(1);
  });

  it('a card payment the team marked paid by hand first is not confirmed twice', async () => {
    const { bookingId, sessionId } = await bookWithDeposit('14:00');
    await markDepositPaid(ctx, w.business.id, { kind: 'business', userId: null }, { bookingId });
    const event = fake.signedEvent('checkout.session.completed', fake.pay(sessionId), WHSEC);
    expect(await deliver(event.body, event.signature)).toBe(200);
    expect(await em().count(OutboxMessageSchema, { aggregateId: bookingId, topic: 'booking.confirmed' })).toBe(1);
  });
});
