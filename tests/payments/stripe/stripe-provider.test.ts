import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PaymentProviderError, type PaymentRequest } from '../../../src/app/payments/payment-provider.ts';
import { connectStripe } from '../../../src/payments/stripe/stripe-accounts.ts';
import { checkoutLocale, stripeExpiresAt, stripeProvider } from '../../../src/payments/stripe/stripe-provider.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { FakeStripeApi, STRIPE_FAILURES } from '../../support/fake-stripe-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { pendingStripePayment } from './stripe-test-world.ts';

let db: TestDatabase;
let world: BookingWorld;
let bare: BookingWorld;
let fake: FakeStripeApi;
const SECRET = 'stripe-provider-test-app-secret-0123456789';
const KEY = `sk_test_${'51HxAbCdEf'.repeat(3)}`;
const WHSEC = `whsec_${'Zy9Xw8Vu7T'.repeat(3)}`;
const MINUTE = 60_000;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  world = await makeBookingWorld(db.orm, { customers: 1, staff: 1 });
  bare = await makeBookingWorld(db.orm, { customers: 1, staff: 1 });
  fake = await FakeStripeApi.start({ now: world.clock.now });
  fake.addKey(KEY);
  await connectStripe(world.ctx, world.business.id, SECRET, { secretKey: KEY, webhookSecret: WHSEC });
});
afterAll(async () => db?.drop());
beforeEach(() => world.clock.reset());

const provider = () => stripeProvider({ ctx: world.ctx, appSecret: SECRET, apiBase: fake.url, timeoutMs: 2_000 });

async function request(overrides: Partial<PaymentRequest> = {}): Promise<PaymentRequest> {
  const amountMinor = overrides.amountMinor ?? 12000;
  const { bookingId, paymentId } = await pendingStripePayment(world, amountMinor, overrides.currency ?? 'UAH');
  return {
    businessId: world.business.id,
    paymentId,
    bookingId,
    amountMinor,
    currency: 'UAH',
    description: 'Deposit: Haircut, 4 Mar 10:00',
    expiresAt: world.clock.now() + 2 * 60 * MINUTE,
    successUrl: 'https://book.example.com/pay/done',
    cancelUrl: 'https://book.example.com/pay/cancelled',
    language: 'en',
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PaymentProviderError)) throw new Error(`expected a PaymentProviderError, got ${String(error)}`);
  return error;
}

describe('the Stripe provider', () => {
  it('is available where keys are connected and open', async () => {
    expect(provider().name).toBe('stripe');
    expect(await provider().availableFor(world.business.id)).toBe(true);
    expect(await provider().availableFor(bare.business.id)).toBe(false);
    expect(await stripeProvider({ ctx: world.ctx, appSecret: 'another-app-secret-0123456789abcdef0123', apiBase: fake.url }).availableFor(world.business.id)).toBe(false);
  });

  it('makes a Checkout Session carrying the amount, currency, expiry, ids and language, keyed by the payment', async () => {
    const asked = await request({ language: 'ru' });
    const created = await provider().create(asked);
    const [sent, ...more] = fake.requestsTo('POST', '/v1/checkout/sessions').filter((r) => r.idempotencyKey === `payment:${asked.paymentId}`);
    expect(more).toEqual([]);
    expect(sent?.secretKey).toBe(KEY);
    expect(sent?.params).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { currency: 'uah', unit_amount: '12000', product_data: { name: 'Deposit: Haircut, 4 Mar 10:00' } } }],
      expires_at: String(Math.floor(asked.expiresAt / 1000)),
      client_reference_id: asked.bookingId,
      metadata: { bookingId: asked.bookingId, paymentId: asked.paymentId, businessId: world.business.id },
      payment_intent_data: { metadata: { bookingId: asked.bookingId, paymentId: asked.paymentId, businessId: world.business.id } },
      success_url: 'https://book.example.com/pay/done',
      cancel_url: 'https://book.example.com/pay/cancelled',
      locale: 'ru',
    });
    const session = fake.sessions.get(created.providerPaymentId ?? '');
    expect(created).toEqual({ providerPaymentId: session?.id, link: session?.url, expiresAt: Math.floor(asked.expiresAt / 1000) * 1000 });
    expect(created.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_test_/);
  });

  it('asked twice for the same payment, Stripe makes one session and both answers name it', async () => {
    const asked = await request();
    const before = fake.sessions.size;
    const first = await provider().create(asked);
    const second = await provider().create(asked);
    expect(second).toEqual(first);
    expect(fake.sessions.size).toBe(before + 1);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions').filter((r) => r.idempotencyKey === `payment:${asked.paymentId}`)).toHaveLength(2);
  });

  it.each([
    ['too soon: moved to 31 minutes', 10 * MINUTE, 31 * MINUTE],
    ['too late: moved to a minute under 24 hours', 48 * 60 * MINUTE, 24 * 60 * MINUTE - MINUTE],
    ['in the window: kept', 5 * 60 * MINUTE, 5 * 60 * MINUTE],
  ])('clamps the expiry into Stripe’s window (%s)', async (_name, asked, expected) => {
    const now = world.clock.now();
    expect(stripeExpiresAt(now + asked, now)).toBe(Math.floor((now + expected) / 1000));
    const created = await provider().create(await request({ expiresAt: now + asked }));
    expect(created.expiresAt).toBe(Math.floor((now + expected) / 1000) * 1000);
  });

  it('the clamp follows the use case’s clock, not the wall clock', async () => {
    world.clock.advanceMinutes(7 * 24 * 60);
    const created = await provider().create(await request({ expiresAt: world.clock.now() }));
    expect(created.expiresAt).toBe(Math.floor((world.clock.now() + 31 * MINUTE) / 1000) * 1000);
  });

  it.each([
    ['KZT is two-decimal at Stripe too', 'KZT', 500000, '500000'],
    ['JPY is whole yen on both sides', 'JPY', 8000, '8000'],
    ['ISK has no decimals for us and two at Stripe', 'ISK', 5000, '500000'],
  ])('sends amounts in Stripe’s units: %s', async (_name, currency, amountMinor, unitAmount) => {
    const asked = await request({ currency, amountMinor });
    await provider().create(asked);
    const sent = fake.requestsTo('POST', '/v1/checkout/sessions').find((r) => r.idempotencyKey === `payment:${asked.paymentId}`);
    expect(sent?.params['line_items']).toEqual([{ quantity: '1', price_data: { currency: currency.toLowerCase(), unit_amount: unitAmount, product_data: { name: asked.description } } }]);
  });

  it('speaks English and Russian on the Checkout page; Ukrainian and Kazakh follow the browser', () => {
    expect(['en', 'ru', 'uk', 'kk'].map(checkoutLocale)).toEqual(['en', 'ru', 'auto', 'auto']);
  });

  it('without keys it refuses at once (nothing sent)', async () => {
    const before = fake.requests.length;
    const error = await refusal(stripeProvider({ ctx: bare.ctx, appSecret: SECRET, apiBase: fake.url }).create({ ...(await request()), businessId: bare.business.id }));
    expect(error.retryable).toBe(false);
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ['a 500', STRIPE_FAILURES.serverError, true],
    ['a 429', STRIPE_FAILURES.rateLimited, true],
    ['a 400', STRIPE_FAILURES.invalidRequest, false],
  ] as const)('%s from Stripe is a provider error (retryable: %s)', async (_name, failure, retryable) => {
    fake.fail(failure);
    const error = await refusal(provider().create(await request()));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(String(failure.status));
  });

  it('a Stripe that does not answer in time is a retryable error', async () => {
    fake.fail('stall');
    const error = await refusal(stripeProvider({ ctx: world.ctx, appSecret: SECRET, apiBase: fake.url, timeoutMs: 300 }).create(await request()));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/no answer/);
  });

  it('a key Stripe does not know (401) is not retryable', async () => {
    const other = await makeBookingWorld(db.orm, { customers: 1, staff: 1 });
    await connectStripe(other.ctx, other.business.id, SECRET, { secretKey: `sk_test_${'Unknown000'.repeat(3)}`, webhookSecret: WHSEC });
    const asked = await request();
    const { paymentId, bookingId } = await pendingStripePayment(other, asked.amountMinor);
    const error = await refusal(provider().create({ ...asked, businessId: other.business.id, paymentId, bookingId }));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('401');
    expect(error.message).not.toContain('Unknown000Unknown000');
  });
});

describe('refunds through Stripe', () => {
  it('refunds a paid session in full, found by its session when the charge is not known yet; a retry is the same refund', async () => {
    const asked = await request({ amountMinor: 30000 });
    const created = await provider().create(asked);
    const paid = fake.pay(created.providerPaymentId ?? '');
    const refund = { businessId: world.business.id, paymentId: asked.paymentId, providerPaymentId: created.providerPaymentId, providerChargeId: null, amountMinor: 30000, refundKey: `refund:${asked.paymentId}:1` };
    const refundId = await provider().refund(refund);
    expect(refundId).toMatch(/^re_/);
    expect(await provider().refund(refund)).toBe(refundId);
    const sent = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.idempotencyKey === refund.refundKey);
    expect(sent.map((r) => r.params)).toEqual([0, 1].map(() => ({ payment_intent: paid.payment_intent, amount: '30000', metadata: { paymentId: asked.paymentId, businessId: world.business.id } })));
    expect(fake.chargeOf(paid.id)).toMatchObject({ amount_refunded: 30000, refunded: true });
    // A new refund of the same money is refused by Stripe: not worth retrying.
    const again = await refusal(provider().refund({ ...refund, providerChargeId: paid.payment_intent, refundKey: `refund:${asked.paymentId}:2` }));
    expect(again.retryable).toBe(false);
    expect(again.message).toContain('charge_already_refunded');
  });

  it('refunds part, then the rest, naming the PaymentIntent; more than is left is refused', async () => {
    const asked = await request({ amountMinor: 20000 });
    const created = await provider().create(asked);
    const paid = fake.pay(created.providerPaymentId ?? '');
    const base = { businessId: world.business.id, paymentId: asked.paymentId, providerPaymentId: created.providerPaymentId, providerChargeId: paid.payment_intent };
    const first = await provider().refund({ ...base, amountMinor: 5000, refundKey: 'r-part-1' });
    const tooMuch = await refusal(provider().refund({ ...base, amountMinor: 15001, refundKey: 'r-part-2' }));
    expect(tooMuch.retryable).toBe(false);
    const second = await provider().refund({ ...base, amountMinor: 15000, refundKey: 'r-part-3' });
    expect(second).not.toBe(first);
    expect(fake.chargeOf(paid.id)).toMatchObject({ amount_refunded: 20000 });
    // The charge was named: no need to look the session up.
    expect(fake.requestsTo('GET', `/v1/checkout/sessions/${paid.id}`)).toEqual([]);
  });

  it('an unpaid session has nothing to refund; a Stripe 500 on refund is retryable', async () => {
    const asked = await request({ amountMinor: 10000 });
    const created = await provider().create(asked);
    const base = { businessId: world.business.id, paymentId: asked.paymentId, providerPaymentId: created.providerPaymentId, providerChargeId: null, amountMinor: 10000, refundKey: 'r-unpaid' };
    expect((await refusal(provider().refund(base))).retryable).toBe(false);
    const paid = fake.pay(created.providerPaymentId ?? '');
    fake.fail(STRIPE_FAILURES.serverError);
    expect((await refusal(provider().refund({ ...base, providerChargeId: paid.payment_intent }))).retryable).toBe(true);
    expect(await provider().refund({ ...base, providerChargeId: paid.payment_intent })).toMatch(/^re_/);
  });
});
