import { applyPaymentEvent } from '../../app/payments/apply-payment-event.ts';
import type { PaymentWebhooks } from '../../app/payments/payment-webhooks.ts';
import { readStripeEvents, type StripeWebhookDeps } from './stripe-webhook.ts';

/**
 * Stripe's webhook: the events are verified on the raw body with the business's own
 * signing secret, then each is applied once (`applyPaymentEvent`). A redelivered event
 * is answered `ok` and changes nothing, so Stripe stops retrying it.
 */
export function stripeWebhooks(deps: StripeWebhookDeps): Pick<PaymentWebhooks, 'stripe'> {
  return {
    async stripe(slug, rawBody, signature) {
      const read = await readStripeEvents(deps, slug, rawBody, signature);
      if (read.outcome !== 'ok') return read.outcome;
      for (const event of read.events) await applyPaymentEvent(deps.ctx, read.businessId, 'stripe', event);
      return 'ok';
    },
  };
}
