import { stripeWebhookUrl, type PaymentSetup, type StripeStatus } from '../app/payments/payment-accounts.ts';
import { Id } from '../app/shared/input-schemas.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import { BusinessSchema, PaymentAccountSchema } from '../db/entities/index.ts';
import type { AppSecrets } from '../db/secret-box.ts';
import { emForBusiness } from '../db/tenant-scope.ts';
import { connectKaspi, disconnectKaspi, kaspiAccountOf } from './kaspi/kaspi-account.ts';
import { connectStripe, disconnectStripe, isTestModeKey, stripeAccountOf } from './stripe/stripe-accounts.ts';

/** What the panel's payment setup needs: the use-case context, the secrets the keys are sealed under, the public URL. */
export interface PaymentSetupDeps {
  ctx: UseCaseContext;
  /** APP_SECRET (and during a rotation the previous one): Stripe keys are sealed under it. */
  appSecret: AppSecrets;
  /** Where Stripe reaches this service: the webhook URL shown to paste into Stripe. */
  publicUrl: string;
}

/**
 * The panel's {@link PaymentSetup} over the Stripe and Kaspi accounts: status without
 * the keys, connect and disconnect (each audited).
 */
export function paymentSetup(deps: PaymentSetupDeps): PaymentSetup {
  const { ctx, appSecret, publicUrl } = deps;
  return {
    async stripeStatus(businessId): Promise<StripeStatus | null> {
      const id = Id.parse(businessId);
      const em = emForBusiness(ctx.orm, id);
      const row = await em.findOne(PaymentAccountSchema, { business: id, provider: 'stripe', active: true });
      if (!row) return null;
      const business = await em.findOneOrFail(BusinessSchema, { id }, { fields: ['slug'] });
      const webhookUrl = stripeWebhookUrl(publicUrl, business.slug);
      const keys = await stripeAccountOf(ctx, id, appSecret);
      if (!keys) return { mode: 'live', keyEnding: '', webhookUrl, unreadable: true };
      return { mode: isTestModeKey(keys.secretKey) ? 'test' : 'live', keyEnding: keys.secretKey.slice(-4), webhookUrl, unreadable: false };
    },
    async connectStripe(businessId, input, actor) {
      await connectStripe(ctx, businessId, appSecret, input, { actor });
    },
    disconnectStripe: (businessId, actor) => disconnectStripe(ctx, businessId, actor),
    kaspiStatus: (businessId) => kaspiAccountOf(ctx, Id.parse(businessId)),
    async connectKaspi(businessId, input, actor) {
      await connectKaspi(ctx, businessId, input, actor);
    },
    disconnectKaspi: (businessId, actor) => disconnectKaspi(ctx, businessId, actor),
  };
}
