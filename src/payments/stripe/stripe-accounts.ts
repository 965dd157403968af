import { envAccountBusiness } from '../../db/seed/env-business.ts';
import type { z } from 'zod';
import { PaymentAccountSchema, type PaymentAccount } from '../../db/entities/index.ts';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { StripeKeysInput } from '../../app/payments/payment-accounts.ts';
import { Id } from '../../app/shared/input-schemas.ts';
import { recordAudit } from '../../app/shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../../app/shared/use-case-context.ts';

const SECRET_KEY_PURPOSE = 'stripe-secret-key';
const WEBHOOK_SECRET_PURPOSE = 'stripe-webhook-secret';

/** A business's Stripe keys, opened. */
export interface StripeKeys {
  secretKey: string;
  webhookSecret: string;
}

/** Whether the keys are Stripe's test-mode keys (nothing real is charged with them). */
export function isTestModeKey(secretKey: string): boolean {
  return /^(sk|rk)_test_/.test(secretKey);
}

// Both secrets are bound to the business: a ciphertext copied onto another business's row does not open.
const sealContext = (businessId: string) => `${businessId}:stripe`;

/**
 * Connects a business's own Stripe account: both keys stored sealed on its `stripe`
 * payment account (made, or replaced and made active again). Bad keys throw a
 * `ZodError` and store nothing. With an `actor` (the panel) it is always audited;
 * without one (the environment at start) only a change is, as the system's. Returns
 * whether anything changed.
 */
export async function connectStripe(
  ctx: UseCaseContext,
  businessId: string,
  appSecret: AppSecrets,
  raw: z.input<typeof StripeKeysInput>,
  options: { actor?: Actor } = {},
): Promise<{ changed: boolean }> {
  const input = StripeKeysInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const current = await em.findOne(PaymentAccountSchema, { business: id, provider: 'stripe' });
    const opened = current ? keysOf(appSecret, id, current) : null;
    const same = current !== null && current.active && opened?.secretKey === input.secretKey && opened.webhookSecret === input.webhookSecret;
    const fields = {
      secretCiphertext: sealSecret(appSecret, SECRET_KEY_PURPOSE, input.secretKey, sealContext(id)),
      webhookSecretCiphertext: sealSecret(appSecret, WEBHOOK_SECRET_PURPOSE, input.webhookSecret, sealContext(id)),
      active: true,
    };
    const row = current ?? em.create(PaymentAccountSchema, { business: id, provider: 'stripe', ...fields });
    em.assign(row, fields);
    if (options.actor || !same) {
      recordAudit(em, ctx.now(), {
        businessId: id,
        actor: options.actor ?? { kind: 'system' },
        action: 'payment.stripe_connected',
        entityType: 'payment_account',
        entityId: row.id,
        // Never the keys: only which mode and which key (Stripe's dashboard shows the same last four).
        details: { mode: isTestModeKey(input.secretKey) ? 'test' : 'live', keyEnding: input.secretKey.slice(-4) },
      });
    }
    return { changed: !same };
  });
}

/**
 * Disconnects a business's Stripe account: the row and its sealed keys are deleted (no
 * secret is left behind). Audited. Returns whether there was one.
 */
export async function disconnectStripe(ctx: UseCaseContext, businessId: string, actor: Actor): Promise<boolean> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const current = await em.findOne(PaymentAccountSchema, { business: id, provider: 'stripe' });
    if (!current) return false;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'payment.stripe_disconnected', entityType: 'payment_account', entityId: current.id });
    em.remove(current);
    return true;
  });
}

/**
 * The business's active Stripe keys, opened; null when it has none, or they were
 * sealed under an APP_SECRET that is neither the current nor the previous one.
 */
export async function stripeAccountOf(ctx: UseCaseContext, businessId: string, appSecrets: AppSecrets): Promise<StripeKeys | null> {
  const id = Id.parse(businessId);
  const row = await emForBusiness(ctx.orm, id).findOne(PaymentAccountSchema, { business: id, provider: 'stripe', active: true });
  return row ? keysOf(appSecrets, id, row) : null;
}

/**
 * Connects the Stripe keys from the environment (STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET) to the business with `preferredSlug` (the demo), else the
 * first business, like the Twilio account. Returns the business it went to, or null
 * when there is no business yet.
 */
export async function connectStripeFromEnv(
  ctx: UseCaseContext,
  appSecret: AppSecrets,
  keys: StripeKeys,
  preferredSlug: string,
): Promise<{ businessId: string; businessName: string; changed: boolean } | null> {
  const em = emAcrossBusinesses(ctx.orm);
  const business = await envAccountBusiness(em, preferredSlug);
  if (!business) return null;
  const { changed } = await connectStripe(ctx, business.id, appSecret, keys);
  return { businessId: business.id, businessName: business.name, changed };
}

function keysOf(appSecret: AppSecrets, businessId: string, row: PaymentAccount): StripeKeys | null {
  if (!row.secretCiphertext || !row.webhookSecretCiphertext) return null;
  try {
    return {
      secretKey: openSecret(appSecret, SECRET_KEY_PURPOSE, row.secretCiphertext, sealContext(businessId)),
      webhookSecret: openSecret(appSecret, WEBHOOK_SECRET_PURPOSE, row.webhookSecretCiphertext, sealContext(businessId)),
    };
  } catch {
    return null;
  }
}
