import type Stripe from 'stripe';
import { PaymentProviderError, type PaymentProvider, type PaymentRequest } from '../../app/payments/payment-provider.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { PaymentSchema } from '../../db/entities/index.ts';
import type { AppSecrets } from '../../db/secret-box.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { stripeAccountOf } from './stripe-accounts.ts';
import { toStripeAmount } from './stripe-amounts.ts';
import { asProviderError, stripeClient } from './stripe-client.ts';

/** What the Stripe provider needs: the database (keys, payments), the clock, and where Stripe is. */
export interface StripeProviderDeps {
  ctx: UseCaseContext;
  /** Opens the businesses' sealed keys. */
  appSecret: AppSecrets;
  /** STRIPE_API_BASE: a local fake in tests; Stripe's own API when unset. */
  apiBase?: string | undefined;
  /** The longest one Stripe call may take (default {@link STRIPE_TIMEOUT_MS}). */
  timeoutMs?: number | undefined;
}

// Stripe accepts a Checkout Session's expires_at 30 minutes to 24 hours after it is made.
// A minute of margin each side: our clock and Stripe's differ a little, and the request takes time.
const MIN_EXPIRY_MS = 31 * 60_000;
const MAX_EXPIRY_MS = 24 * 60 * 60_000 - 60_000;

/**
 * Where a Checkout Session's link may stop working, as Stripe's epoch seconds: the
 * asked `expiresAt` moved into Stripe's window (30 min – 24 h from `now`).
 */
export function stripeExpiresAt(expiresAt: number, now: number): number {
  const clamped = Math.min(Math.max(expiresAt, now + MIN_EXPIRY_MS), now + MAX_EXPIRY_MS);
  return Math.floor(clamped / 1000);
}

/** The Checkout page's language: Stripe has English and Russian; Ukrainian and Kazakh follow the browser. */
export function checkoutLocale(language: string): Stripe.Checkout.SessionCreateParams.Locale {
  return language === 'en' || language === 'ru' ? language : 'auto';
}

/**
 * Takes money by Stripe Checkout with each business's own keys: a hosted payment
 * page per payment (made once per payment id, however often it is asked), and refunds
 * of what it took. Whether money arrived is told by the signed webhook
 * (`stripe-webhook.ts`), never by this object.
 */
export function stripeProvider(deps: StripeProviderDeps): PaymentProvider {
  const { ctx, appSecret } = deps;
  const clientFor = async (businessId: string) => {
    const keys = await stripeAccountOf(ctx, businessId, appSecret);
    if (!keys) throw new PaymentProviderError('Stripe is not connected for this business (or its keys no longer open)', false);
    return stripeClient(keys.secretKey, { apiBase: deps.apiBase, timeoutMs: deps.timeoutMs });
  };

  return {
    name: 'stripe',

    async availableFor(businessId) {
      return (await stripeAccountOf(ctx, businessId, appSecret)) !== null;
    },

    async create(request) {
      const stripe = await clientFor(request.businessId);
      const params = sessionParams(request, ctx.now());
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create(params, { idempotencyKey: `payment:${request.paymentId}` });
      } catch (error) {
        throw asProviderError(error, 'could not make a Checkout Session');
      }
      if (!session.url) throw new PaymentProviderError(`Stripe made Checkout Session ${session.id} without a URL`, false);
      return { providerPaymentId: session.id, link: session.url, expiresAt: session.expires_at * 1000 };
    },

    async refund(request) {
      const stripe = await clientFor(request.businessId);
      const payment = await emForBusiness(ctx.orm, request.businessId).findOne(PaymentSchema, { id: request.paymentId, provider: 'stripe' });
      if (!payment) throw new PaymentProviderError(`no Stripe payment ${request.paymentId} in this business`, false);
      const amount = toStripeAmount(request.amountMinor, payment.currency);
      if (amount === null || amount <= 0) throw new PaymentProviderError(`cannot refund ${request.amountMinor} ${payment.currency} through Stripe`, false);
      try {
        const paymentIntent = request.providerChargeId ?? (await paymentIntentOf(stripe, request.providerPaymentId ?? payment.providerPaymentId ?? null));
        const refund = await stripe.refunds.create(
          { payment_intent: paymentIntent, amount, metadata: { paymentId: request.paymentId, businessId: request.businessId } },
          { idempotencyKey: request.refundKey },
        );
        return refund.id;
      } catch (error) {
        throw asProviderError(error, 'could not refund');
      }
    },
  };
}

function sessionParams(request: PaymentRequest, now: number): Stripe.Checkout.SessionCreateParams {
  const amount = toStripeAmount(request.amountMinor, request.currency);
  if (amount === null || amount <= 0) throw new PaymentProviderError(`cannot ask ${request.amountMinor} ${request.currency} through Stripe`, false);
  const metadata = { bookingId: request.bookingId, paymentId: request.paymentId, businessId: request.businessId };
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        // Stripe caps a product name; the description is a short line anyway.
        price_data: { currency: request.currency.toLowerCase(), unit_amount: amount, product_data: { name: request.description.slice(0, 250) || request.bookingId } },
      },
    ],
    expires_at: stripeExpiresAt(request.expiresAt, now),
    client_reference_id: request.bookingId,
    metadata,
    // The PaymentIntent carries the same ids, so a charge (and its refunds) can be traced back too.
    payment_intent_data: { metadata },
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    locale: checkoutLocale(request.language),
  };
}

/** The PaymentIntent of a paid Checkout Session (a refund names the money moved). */
async function paymentIntentOf(stripe: Stripe, sessionId: string | null): Promise<string> {
  if (!sessionId) throw new PaymentProviderError('the payment has no Stripe Checkout Session to refund', false);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const intent = session.payment_intent;
  if (!intent) throw new PaymentProviderError(`Checkout Session ${sessionId} has no payment to refund`, false);
  return typeof intent === 'string' ? intent : intent.id;
}
