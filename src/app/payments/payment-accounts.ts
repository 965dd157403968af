import { z } from 'zod';
import type { Actor } from '../shared/use-case-context.ts';

/**
 * What connecting Stripe takes: the business's own secret (or restricted) key and the
 * signing secret of the webhook endpoint it made for us. Messages in this file are i18n
 * keys under `panel.errors`: the panel's form shows them next to the field.
 */
export const StripeKeysInput = z.object({
  secretKey: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{10,255}$/, 'payments_stripe_key_format'),
  webhookSecret: z
    .string()
    .trim()
    .regex(/^whsec_[A-Za-z0-9+/=]{10,255}$/, 'payments_stripe_webhook_secret_format'),
});

/**
 * A business's Kaspi setup: its Kaspi Pay link (or the text its Kaspi QR encodes) and the
 * phone the team bills from (optional).
 */
export const KaspiAccountInput = z.object({
  payLink: z
    .string()
    .trim()
    .min(8, 'payments_kaspi_link_format')
    .max(500, 'payments_kaspi_link_format')
    .refine((v) => /^https:\/\/\S+$/.test(v), 'payments_kaspi_link_format'),
  billingPhone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'payments_kaspi_phone_format').optional(),
});

/** A business's Stripe account as the panel shows it: never the keys themselves. */
export interface StripeStatus {
  /** Test-mode keys charge nothing real. */
  mode: 'test' | 'live';
  /** The key's last four characters, as Stripe's dashboard shows them ('' when unreadable). */
  keyEnding: string;
  /** What to paste into Stripe as the webhook endpoint: `<PUBLIC_URL>/webhooks/stripe/<slug>`. */
  webhookUrl: string;
  /**
   * The keys no longer open (sealed under another APP_SECRET): connect them again.
   * `mode` and `keyEnding` then say nothing (`live`, '').
   */
  unreadable: boolean;
}

/** A business's Kaspi setup as the panel shows it (neither is a secret). */
export interface KaspiStatus {
  payLink: string;
  billingPhone: string | null;
}

/**
 * How the panel sets up a business's ways to take deposits: its own Stripe keys (sealed
 * at rest, write-only) and its Kaspi Pay link. Cash needs no setup. Defined here,
 * implemented by `src/payments/payment-setup.ts`, wired in `main.ts`. Every change is
 * audited under `actor`; bad input throws a `ZodError` and stores nothing.
 */
export interface PaymentSetup {
  /** The business's active Stripe account, or null when none is connected. */
  stripeStatus(businessId: string): Promise<StripeStatus | null>;
  /** Connects (or replaces) the business's Stripe keys. */
  connectStripe(businessId: string, input: z.input<typeof StripeKeysInput>, actor: Actor): Promise<void>;
  /** Deletes the business's Stripe keys; false when none were connected. */
  disconnectStripe(businessId: string, actor: Actor): Promise<boolean>;
  /** The business's active Kaspi setup, or null. */
  kaspiStatus(businessId: string): Promise<KaspiStatus | null>;
  /** Saves (or replaces) the business's Kaspi Pay link and billing phone. */
  connectKaspi(businessId: string, input: z.input<typeof KaspiAccountInput>, actor: Actor): Promise<void>;
  /** Removes the business's Kaspi setup; false when there was none. */
  disconnectKaspi(businessId: string, actor: Actor): Promise<boolean>;
}

/**
 * The Stripe events to select on the business's webhook endpoint: those the Stripe
 * webhook reads (paid, expired, paid later or failed later, refunded).
 */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'checkout.session.expired',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'charge.refunded',
] as const;

/**
 * Where Stripe delivers a business's events: `<PUBLIC_URL>/webhooks/stripe/<slug>`. The
 * owner makes this endpoint in Stripe before connecting, since its signing secret is
 * half of what connecting takes.
 */
export function stripeWebhookUrl(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/stripe/${encodeURIComponent(slug)}`;
}
