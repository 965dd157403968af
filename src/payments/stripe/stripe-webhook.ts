import Stripe from 'stripe';
import { z } from 'zod';
import type { PaymentEvent } from '../../app/payments/payment-provider.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { BusinessSchema } from '../../db/entities/index.ts';
import type { AppSecrets } from '../../db/secret-box.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { stripeAccountOf } from './stripe-accounts.ts';
import { fromStripeAmount } from './stripe-amounts.ts';

/** What reading a webhook needs: the database (the business and its sealed secret) and the clock the signature's age is measured on. */
export interface StripeWebhookDeps {
  ctx: UseCaseContext;
  appSecret: AppSecrets;
}

/**
 * What a delivery to `/stripe/<slug>/webhook` holds: the verified events of that
 * business (none when the event is one we do not act on), or why it was refused —
 * no such business or no Stripe connected (`not_found`), a missing, forged or stale
 * signature (`bad_signature`), a signed body that is not a Stripe event we can read
 * (`bad_request`).
 */
export type StripeWebhookOutcome = { outcome: 'ok'; businessId: string; events: PaymentEvent[] } | { outcome: 'not_found' | 'bad_signature' | 'bad_request' };

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);

/** An id field Stripe may send as an id or, expanded, as the object. */
const IdOrObject = z.union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)]);

const StripeEvent = z.object({ id: z.string().min(1), type: z.string(), data: z.object({ object: z.unknown() }) });

const CheckoutSession = z.object({
  id: z.string().min(1),
  payment_status: z.string(),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/).nullable(),
  payment_intent: IdOrObject.nullable(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});

const Charge = z.object({
  id: z.string().min(1),
  amount_refunded: z.number().int().nonnegative(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
  payment_intent: IdOrObject.nullable(),
});

/**
 * Reads one webhook delivery for the business with `slug`: verifies Stripe's
 * signature over the raw body (as received: a re-serialised body does not verify)
 * with that business's own signing secret, its age measured on `ctx.now()`, and
 * turns the event into {@link PaymentEvent}s. Changes nothing: the caller records
 * each event id once and applies it.
 */
export async function readStripeEvents(deps: StripeWebhookDeps, slug: string, rawBody: Buffer, signature: string | undefined): Promise<StripeWebhookOutcome> {
  const parsedSlug = Slug.safeParse(slug);
  if (!parsedSlug.success) return { outcome: 'not_found' };
  const business = await emAcrossBusinesses(deps.ctx.orm).findOne(BusinessSchema, { slug: parsedSlug.data });
  if (!business) return { outcome: 'not_found' };
  const keys = await stripeAccountOf(deps.ctx, business.id, deps.appSecret);
  if (!keys) return { outcome: 'not_found' };
  if (!signature || signedAhead(signature, deps.ctx.now())) return { outcome: 'bad_signature' };
  let verified: unknown;
  try {
    verified = Stripe.webhooks.constructEvent(rawBody, signature, keys.webhookSecret, undefined, undefined, deps.ctx.now());
  } catch (error) {
    // Verified but not JSON: signed by the holder of the secret, and still unreadable.
    return { outcome: error instanceof Stripe.errors.StripeSignatureVerificationError ? 'bad_signature' : 'bad_request' };
  }
  const event = StripeEvent.safeParse(verified);
  if (!event.success) return { outcome: 'bad_request' };
  const mapped = paymentEventOf(event.data, business.id);
  if (mapped === 'unreadable') return { outcome: 'bad_request' };
  return { outcome: 'ok', businessId: business.id, events: mapped ? [mapped] : [] };
}

// Stripe's SDK refuses a signature older than its tolerance (5 minutes) but takes one
// dated any time ahead, which a later replay would then pass: ahead by more than the
// same tolerance (clock skew) is refused too.
const TOLERANCE_SECONDS = 300;

/** True when the header's signing time (`t=`) is further ahead of `now` than clocks drift. */
function signedAhead(signature: string, now: number): boolean {
  const times = signature.split(',').flatMap((part) => (part.trim().startsWith('t=') ? [Number(part.trim().slice(2))] : []));
  return times.some((t) => !Number.isFinite(t) || t - Math.floor(now / 1000) > TOLERANCE_SECONDS);
}

/** The payment event a Stripe event means for the business, null for one we do not act on. */
function paymentEventOf(event: z.infer<typeof StripeEvent>, businessId: string): PaymentEvent | null | 'unreadable' {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const parsed = CheckoutSession.safeParse(event.data.object);
      if (!parsed.success) return 'unreadable';
      const session = parsed.data;
      // A session another BookChat business made with the same Stripe account is that business's to apply.
      const owner = session.metadata?.['businessId'];
      if (owner !== undefined && owner !== businessId) return null;
      const ids = { eventId: event.id, providerPaymentId: session.id, providerChargeId: session.payment_intent };
      if (event.type === 'checkout.session.expired') return { ...ids, kind: 'expired' };
      if (event.type === 'checkout.session.async_payment_failed') return { ...ids, kind: 'failed', reason: 'async_payment_failed' };
      // Completed but unpaid: a bank debit or voucher still on its way; async_payment_succeeded comes later.
      if (session.payment_status !== 'paid') return null;
      if (session.amount_total === null || session.currency === null) return 'unreadable';
      const currency = session.currency.toUpperCase();
      return { ...ids, kind: 'paid', amountMinor: fromStripeAmount(session.amount_total, currency), currency };
    }
    case 'charge.refunded': {
      const parsed = Charge.safeParse(event.data.object);
      if (!parsed.success) return 'unreadable';
      const charge = parsed.data;
      // A charge made without a PaymentIntent is not one of our Checkout payments.
      if (charge.payment_intent === null) return null;
      return {
        eventId: event.id,
        providerPaymentId: null,
        providerChargeId: charge.payment_intent,
        kind: 'refunded',
        refundedMinor: fromStripeAmount(charge.amount_refunded, charge.currency.toUpperCase()),
      };
    }
    default:
      return null;
  }
}
