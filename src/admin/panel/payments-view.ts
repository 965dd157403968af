import { STRIPE_WEBHOOK_EVENTS, stripeWebhookUrl } from '../../app/payments/payment-accounts.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { PanelRequest } from './panel-route.ts';

/**
 * The Payments part of the Channels page: whether payments can be set up from here, the
 * Stripe account's status (never its keys) with the webhook to make in Stripe, the Kaspi
 * setup, and whether this member may change the Stripe keys (owners only).
 */
export async function paymentsView(deps: PanelDeps, request: PanelRequest): Promise<Record<string, unknown>> {
  const business = request.panel.business!;
  const setup = deps.payments;
  return {
    available: setup !== undefined,
    stripe: setup ? await setup.stripeStatus(business.businessId) : null,
    kaspi: setup ? await setup.kaspiStatus(business.businessId) : null,
    canManageStripe: business.role === 'owner',
    stripeEvents: STRIPE_WEBHOOK_EVENTS,
    // Shown before connecting too: the endpoint's signing secret is half of what connecting takes.
    stripeWebhookUrl: stripeWebhookUrl(deps.publicUrl, business.slug),
  };
}
