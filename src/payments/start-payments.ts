import { envAccountBusiness } from '../db/seed/env-business.ts';
import type { Logger } from 'pino';
import type { PaymentSettings } from '../app/payments/payment-settings.ts';
import type { PaymentWebhooks } from '../app/payments/payment-webhooks.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { AppSecrets } from '../db/secret-box.ts';
import { emAcrossBusinesses } from '../db/tenant-scope.ts';
import { cashProvider } from './cash-provider.ts';
import { connectKaspi, kaspiAccountOf } from './kaspi/kaspi-account.ts';
import { kaspiProvider } from './kaspi/kaspi-provider.ts';
import { connectStripeFromEnv } from './stripe/stripe-accounts.ts';
import { stripeProvider } from './stripe/stripe-provider.ts';
import { stripeWebhooks } from './stripe/stripe-webhook-receiver.ts';

/** What the service's configuration says about payments. */
export interface PaymentStartSettings {
  appSecret: AppSecrets;
  publicUrl: string;
  stripe: { account?: { secretKey: string; webhookSecret: string }; apiBase?: string };
  kaspiPayLink: string | undefined;
  /** The business the environment's accounts go to (the demo), else the first. */
  preferredBusinessSlug: string;
}

/** The payments as the composition root wires them. */
export interface Payments {
  /** For the use-case context: providers in the order a business is offered them. */
  settings: PaymentSettings;
  webhooks: PaymentWebhooks;
  bannerLines: string[];
}

/**
 * Sets up the providers — Stripe (a business's own keys), Kaspi (its Pay link, confirmed
 * by the team), cash (always) — and connects the environment's demo accounts
 * (STRIPE_SECRET_KEY + STRIPE_WEBHOOK_SECRET, KASPI_PAY_LINK).
 */
export async function startPayments(ctx: UseCaseContext, logger: Logger, settings: PaymentStartSettings): Promise<Payments> {
  const bannerLines: string[] = [];
  if (settings.stripe.account) {
    const connected = await connectStripeFromEnv(ctx, settings.appSecret, settings.stripe.account, settings.preferredBusinessSlug);
    if (connected) bannerLines.push(`Stripe connected to ${connected.businessName}: webhook ${settings.publicUrl}/webhooks/stripe/<slug>`);
    else logger.warn('STRIPE_SECRET_KEY is set but there is no business to connect it to yet');
  }
  if (settings.kaspiPayLink) {
    const em = emAcrossBusinesses(ctx.orm);
    const business = await envAccountBusiness(em, settings.preferredBusinessSlug);
    if (business && (await kaspiAccountOf(ctx, business.id))?.payLink !== settings.kaspiPayLink) {
      const current = await kaspiAccountOf(ctx, business.id);
      await connectKaspi(ctx, business.id, { payLink: settings.kaspiPayLink, ...(current?.billingPhone ? { billingPhone: current.billingPhone } : {}) }, { kind: 'system' });
      bannerLines.push(`Kaspi Pay link set for ${business.name}`);
    }
  }
  const stripe = stripeProvider({ ctx, appSecret: settings.appSecret, apiBase: settings.stripe.apiBase });
  return {
    settings: { providers: [stripe, kaspiProvider({ ctx }), cashProvider()], publicUrl: settings.publicUrl },
    webhooks: stripeWebhooks({ ctx, appSecret: settings.appSecret }),
    bannerLines,
  };
}
