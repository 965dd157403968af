import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { applyPaymentEvent } from '../../src/app/payments/apply-payment-event.ts';
import { makeDueRefunds } from '../../src/app/payments/make-due-refunds.ts';
import { requestPayment } from '../../src/app/payments/request-payment.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { PaymentSchema, type Payment } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { cashProvider } from '../../src/payments/cash-provider.ts';
import { connectStripe } from '../../src/payments/stripe/stripe-accounts.ts';
import { stripeProvider } from '../../src/payments/stripe/stripe-provider.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { FakeStripeApi, STRIPE_FAILURES } from '../support/fake-stripe-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Cancelling a paid booking: the refund policy decides what is due (all of it before the
// cancel cutoff, the deposit kept after it, or what the business says), and the refund
// sweep makes it through Stripe's Refunds API (the fake over real HTTP), once.
const SECRET = 'refund-test-app-secret-0123456789abcdef';
const KEY = `sk_test_${'51Refunds00'.repeat(3)}`;
const WHSEC = `whsec_${'RefundHook0'.repeat(3)}`;

let db: TestDatabase;
let w: BookingWorld;
let ctx: UseCaseContext;
let fake: FakeStripeApi;
let events = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 3, slug: 'refunds' });
  fake = await FakeStripeApi.start({ now: w.clock.now });
  fake.addKey(KEY);
  await connectStripe(w.ctx, w.business.id, SECRET, { secretKey: KEY, webhookSecret: WHSEC });
  ctx = { ...w.ctx };
  ctx.payments = { providers: [stripeProvider({ ctx, appSecret: SECRET, apiBase: fake.url }), cashProvider()], publicUrl: 'https://book.example.test' };
});
afterAll(async () => db?.drop());

const em = () => emForBusiness(db.orm, w.business.id);
const reload = async (id: string): Promise<Payment> => {
  em().clear();
  return em().findOneOrFail(PaymentSchema, { id });
};

/** A massage booked by customer `n` on day `day`, its deposit paid through Stripe. */
async function paidBooking(n: number, time: string, day: number): Promise<{ bookingId: string; payment: Payment }> {
  const hold = await holdSlot(ctx, w.business.id, { customerId: w.customers[n]!, serviceId: w.massage.id, staffId: null, startsAt: w.at(time, day), source: 'telegram' });
  await confirmBooking(ctx, w.business.id, { kind: 'customer', customerId: w.customers[n]! }, { bookingId: hold.id });
  const asked = await requestPayment(ctx, w.business.id, ctx.payments!.providers, { bookingId: hold.id, language: 'en', description: 'Deposit', successUrl: 'https://x.test/ok', cancelUrl: 'https://x.test/no' });
  if (asked.kind !== 'payment') throw new Error('no payment');
  const session = fake.pay((await reload(asked.payment.id)).providerPaymentId!);
  events += 1;
  const outcome = await applyPaymentEvent(ctx, w.business.id, 'stripe', {
    eventId: `evt_refund_test_${events}`,
    providerPaymentId: session.id,
    providerChargeId: session.payment_intent ?? null,
    kind: 'paid',
    amountMinor: asked.payment.amountMinor,
    currency: asked.payment.currency,
  });
  expect(outcome).toBe('applied');
  return { bookingId: hold.id, payment: await reload(asked.payment.id) };
}

describe('refunds when a paid booking is cancelled', () => {
  it('the customer cancels before the cutoff: all of it back through Stripe, once, however often the sweep runs', async () => {
    const { bookingId, payment } = await paidBooking(0, '11:00', 2);
    await cancelBooking(ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId });
    expect(await reload(payment.id)).toMatchObject({ refundDueMinor: payment.amountMinor, status: 'paid' });

    expect(await makeDueRefunds(ctx, w.business.id)).toEqual({ made: 1, later: 0, byHand: 0 });
    expect(await makeDueRefunds(ctx, w.business.id)).toEqual({ made: 0, later: 0, byHand: 0 });
    expect(await reload(payment.id)).toMatchObject({ refundDueMinor: 0, refundedMinor: payment.amountMinor, status: 'refunded' });
    const refunds = fake.requestsTo('POST', '/v1/refunds');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.idempotencyKey).toBe(`refund:${payment.id}:${payment.amountMinor}`);
  });

  it('the business cancels inside the cutoff: the deposit is kept, unless it says to give it back', async () => {
    const kept = await paidBooking(1, '12:00', 1);
    const given = await paidBooking(2, '13:00', 1);
    // 30 minutes before the start: well inside the 120-minute cutoff.
    w.clock.set(w.at('11:30', 1));
    try {
      const business = { kind: 'business' as const, userId: null };
      await cancelBooking(ctx, w.business.id, business, { bookingId: kept.bookingId });
      await cancelBooking(ctx, w.business.id, business, { bookingId: given.bookingId, refund: 'full' });
      expect(await reload(kept.payment.id)).toMatchObject({ refundDueMinor: 0, status: 'paid' });
      expect(await reload(given.payment.id)).toMatchObject({ refundDueMinor: given.payment.amountMinor });
      expect((await makeDueRefunds(ctx, w.business.id)).made).toBe(1);
      expect(await reload(given.payment.id)).toMatchObject({ status: 'refunded' });
    } finally {
      w.clock.reset();
    }
  });

  it('Stripe down: the refund stays due and is made on a later run', async () => {
    const { bookingId, payment } = await paidBooking(0, '15:00', 3);
    await cancelBooking(ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId });
    fake.fail(STRIPE_FAILURES.serverError);
    expect(await makeDueRefunds(ctx, w.business.id)).toEqual({ made: 0, later: 1, byHand: 0 });
    expect(await reload(payment.id)).toMatchObject({ refundDueMinor: payment.amountMinor });
    expect(await makeDueRefunds(ctx, w.business.id)).toEqual({ made: 1, later: 0, byHand: 0 });
  });
});
