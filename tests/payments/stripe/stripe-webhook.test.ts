import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectStripe } from '../../../src/payments/stripe/stripe-accounts.ts';
import { stripeProvider } from '../../../src/payments/stripe/stripe-provider.ts';
import { readStripeEvents } from '../../../src/payments/stripe/stripe-webhook.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { FakeStripeApi, type FakeSession } from '../../support/fake-stripe-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { pendingStripePayment } from './stripe-test-world.ts';

let db: TestDatabase;
let world: BookingWorld;
let other: BookingWorld;
let bare: BookingWorld;
let fake: FakeStripeApi;
const SECRET = 'stripe-webhook-test-app-secret-0123456789';
const KEY = `sk_test_${'51HxAbCdEf'.repeat(3)}`;
const WHSEC = `whsec_${'Zy9Xw8Vu7T'.repeat(3)}`;
const OTHER_WHSEC = `whsec_${'Other00000'.repeat(3)}`;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  world = await makeBookingWorld(db.orm, { customers: 1, staff: 1, slug: 'stripe-hook-a' });
  other = await makeBookingWorld(db.orm, { customers: 1, staff: 1, slug: 'stripe-hook-b' });
  bare = await makeBookingWorld(db.orm, { customers: 1, staff: 1, slug: 'stripe-hook-bare' });
  fake = await FakeStripeApi.start({ now: world.clock.now });
  fake.addKey(KEY);
  await connectStripe(world.ctx, world.business.id, SECRET, { secretKey: KEY, webhookSecret: WHSEC });
  await connectStripe(other.ctx, other.business.id, SECRET, { secretKey: KEY, webhookSecret: OTHER_WHSEC });
});
afterAll(async () => db?.drop());
beforeEach(() => world.clock.reset());

const deps = () => ({ ctx: world.ctx, appSecret: SECRET });

/** A session made through the provider, as Stripe keeps it. */
async function session(amountMinor = 25000, currency = 'UAH'): Promise<FakeSession> {
  const { paymentId, bookingId } = await pendingStripePayment(world, amountMinor, currency);
  const created = await stripeProvider({ ctx: world.ctx, appSecret: SECRET, apiBase: fake.url }).create({
    businessId: world.business.id,
    paymentId,
    bookingId,
    amountMinor,
    currency,
    description: 'Deposit',
    expiresAt: world.clock.now() + 3_600_000,
    successUrl: 'https://book.example.com/ok',
    cancelUrl: 'https://book.example.com/no',
    language: 'en',
  });
  const stored = fake.sessions.get(created.providerPaymentId ?? '');
  if (!stored) throw new Error('no session');
  return stored;
}

async function deliver(type: string, object: unknown, options: { secret?: string; slug?: string } = {}) {
  const { body, signature, eventId } = fake.signedEvent(type, object, options.secret ?? WHSEC);
  return { eventId, result: await readStripeEvents(deps(), options.slug ?? 'stripe-hook-a', body, signature) };
}

describe('reading Stripe webhooks', () => {
  it('a paid Checkout Session, signed with the business’s secret, is a paid event', async () => {
    const paid = fake.pay((await session()).id);
    const { eventId, result } = await deliver('checkout.session.completed', paid);
    expect(result).toEqual({
      outcome: 'ok',
      businessId: world.business.id,
      events: [{ eventId, kind: 'paid', providerPaymentId: paid.id, providerChargeId: paid.payment_intent, amountMinor: 25000, currency: 'UAH' }],
    });
  });

  it('verifies the raw body: the same event re-serialised, altered, or signed with another secret is refused', async () => {
    const paid = fake.pay((await session()).id);
    const { body, signature } = fake.signedEvent('checkout.session.completed', paid, WHSEC);
    const compact = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(await readStripeEvents(deps(), 'stripe-hook-a', compact, signature)).toEqual({ outcome: 'bad_signature' });
    const altered = Buffer.from(body.toString('utf8').replace('"amount_total": 25000', '"amount_total": 1'));
    expect(altered.equals(body)).toBe(false);
    expect(await readStripeEvents(deps(), 'stripe-hook-a', altered, signature)).toEqual({ outcome: 'bad_signature' });
    // Signed for another business: its secret is not this one's.
    const forged = fake.signedEvent('checkout.session.completed', paid, OTHER_WHSEC);
    expect(await readStripeEvents(deps(), 'stripe-hook-a', forged.body, forged.signature)).toEqual({ outcome: 'bad_signature' });
    expect(await readStripeEvents(deps(), 'stripe-hook-a', body, undefined)).toEqual({ outcome: 'bad_signature' });
    expect(await readStripeEvents(deps(), 'stripe-hook-a', body, '')).toEqual({ outcome: 'bad_signature' });
    expect(await readStripeEvents(deps(), 'stripe-hook-a', body, 't=1,v1=deadbeef')).toEqual({ outcome: 'bad_signature' });
    expect((await readStripeEvents(deps(), 'stripe-hook-a', body, signature)).outcome).toBe('ok');
  });

  it('a delivery signed long ago is refused (replay), its age measured on the use case’s clock', async () => {
    const paid = fake.pay((await session()).id);
    const { body, signature } = fake.signedEvent('checkout.session.completed', paid, WHSEC);
    world.clock.advanceMinutes(10);
    expect(await readStripeEvents(deps(), 'stripe-hook-a', body, signature)).toEqual({ outcome: 'bad_signature' });
  });

  it('a delivery dated ahead of the clock by more than the tolerance is refused (it would outlive any replay window)', async () => {
    const paid = fake.pay((await session()).id);
    const ahead = (minutes: number) => fake.signedEvent('checkout.session.completed', paid, WHSEC, { timestamp: Math.floor(world.clock.now() / 1000) + minutes * 60 });
    const far = ahead(60);
    expect(await readStripeEvents(deps(), 'stripe-hook-a', far.body, far.signature)).toEqual({ outcome: 'bad_signature' });
    // A clock a few minutes apart is not an attack.
    const skewed = ahead(4);
    expect((await readStripeEvents(deps(), 'stripe-hook-a', skewed.body, skewed.signature)).outcome).toBe('ok');
  });

  it('an unknown slug, or a business without Stripe, is not found', async () => {
    const paid = fake.pay((await session()).id);
    expect((await deliver('checkout.session.completed', paid, { slug: 'no-such-business' })).result).toEqual({ outcome: 'not_found' });
    expect((await deliver('checkout.session.completed', paid, { slug: 'Not A Slug!' })).result).toEqual({ outcome: 'not_found' });
    expect((await deliver('checkout.session.completed', paid, { slug: 'stripe-hook-bare' })).result).toEqual({ outcome: 'not_found' });
    expect(bare.business.slug).toBe('stripe-hook-bare');
  });

  it('a signed body that is not an event we can read is a bad request', async () => {
    const { body, signature } = fake.signedEvent('checkout.session.completed', { id: 'cs_test_x', payment_status: 'paid' }, WHSEC);
    expect(await readStripeEvents(deps(), 'stripe-hook-a', body, signature)).toEqual({ outcome: 'bad_request' });
  });

  it('maps each Stripe event to what it means for the payment', async () => {
    const open = await session();
    const unpaid = { ...open, status: 'complete', payment_status: 'unpaid', payment_intent: 'pi_async_1' };
    const settled = { ...unpaid, payment_status: 'paid' };
    const expired = { ...open, status: 'expired', url: null };
    const ids = { providerPaymentId: open.id };
    const cases: [string, unknown, Record<string, unknown>[]][] = [
      ['checkout.session.completed', unpaid, []],
      ['checkout.session.async_payment_succeeded', settled, [{ ...ids, providerChargeId: 'pi_async_1', kind: 'paid', amountMinor: 25000, currency: 'UAH' }]],
      ['checkout.session.async_payment_failed', unpaid, [{ ...ids, providerChargeId: 'pi_async_1', kind: 'failed', reason: 'async_payment_failed' }]],
      ['checkout.session.expired', expired, [{ ...ids, providerChargeId: null, kind: 'expired' }]],
      ['payment_intent.succeeded', { id: 'pi_async_1', object: 'payment_intent' }, []],
      ['customer.created', { id: 'cus_1', object: 'customer' }, []],
    ];
    for (const [type, object, expected] of cases) {
      const { eventId, result } = await deliver(type, object);
      expect({ type, result }).toEqual({ type, result: { outcome: 'ok', businessId: world.business.id, events: expected.map((e) => ({ eventId, ...e })) } });
    }
  });

  it('a refunded charge names its PaymentIntent and the total refunded so far', async () => {
    const paid = fake.pay((await session(40000)).id);
    const provider = stripeProvider({ ctx: world.ctx, appSecret: SECRET, apiBase: fake.url });
    await provider.refund({ businessId: world.business.id, paymentId: paid.metadata['paymentId'] ?? '', providerPaymentId: paid.id, providerChargeId: paid.payment_intent, amountMinor: 15000, refundKey: 'hook-r1' });
    const { eventId, result } = await deliver('charge.refunded', fake.chargeOf(paid.id));
    expect(result).toEqual({ outcome: 'ok', businessId: world.business.id, events: [{ eventId, kind: 'refunded', providerPaymentId: null, providerChargeId: paid.payment_intent, refundedMinor: 15000 }] });
  });

  it('amounts come back in our minor units (ISK), currency upper-cased', async () => {
    const paid = fake.pay((await session(5000, 'ISK')).id);
    expect(paid).toMatchObject({ amount_total: 500000, currency: 'isk' });
    const { result } = await deliver('checkout.session.completed', paid);
    expect(result).toMatchObject({ outcome: 'ok', events: [{ kind: 'paid', amountMinor: 5000, currency: 'ISK' }] });
  });

  it('a session another business made with the same Stripe account is left to that business', async () => {
    const paid = fake.pay((await session()).id);
    const { result } = await deliver('checkout.session.completed', paid, { slug: 'stripe-hook-b', secret: OTHER_WHSEC });
    expect(result).toEqual({ outcome: 'ok', businessId: other.business.id, events: [] });
  });
});
