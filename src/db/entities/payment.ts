import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BookingSchema } from './booking.ts';
import { BusinessSchema } from './business.ts';

/** Who takes the money: a Stripe Checkout link, a Kaspi QR confirmed by the team, or cash on site. */
export const PAYMENT_PROVIDERS = ['stripe', 'kaspi', 'cash'] as const;
/** One of {@link PAYMENT_PROVIDERS}. */
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/**
 * Where a payment stands. `flagged`: money arrived that does not fit the booking (another
 * amount or currency, or a booking released meanwhile) — the team decides, nothing is
 * confirmed by it.
 */
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'expired', 'refunded', 'partially_refunded', 'flagged'] as const;
/** One of {@link PAYMENT_STATUSES}. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Money asked for a booking (its deposit or prepayment), in integer minor units of one
 * currency. A booking has at most one pending payment at a time; a new try after an
 * expired link is a new row. `refundDueMinor` is a refund decided but not yet made (a
 * job makes it through the provider, so a provider outage delays it without losing it).
 */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    booking: () => p.manyToOne(BookingSchema).ref().deleteRule('cascade'),
    provider: p.enum(PAYMENT_PROVIDERS),
    amountMinor: p.integer(),
    currency: p.string().length(3),
    status: p.enum(PAYMENT_STATUSES).default('pending'),
    /** The provider's id of it (a Checkout Session id); none for Kaspi and cash. */
    providerPaymentId: p.string().length(255).nullable(),
    /** The provider's id of the money moved (a PaymentIntent), what refunds name. */
    providerChargeId: p.string().length(255).nullable(),
    /** Where the customer pays (a Checkout URL, a Kaspi Pay link). */
    link: p.text().nullable(),
    expiresAt: p.datetime().nullable(),
    paidAt: p.datetime().nullable(),
    /** Who said it was paid when it was marked by hand: a panel user, a staff member in a team chat. */
    markedPaidBy: p.string().length(255).nullable(),
    refundedMinor: p.integer().default(0),
    refundDueMinor: p.integer().default(0),
    /** Why a payment was flagged or failed, for the team. */
    problem: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [
    { name: 'payment_provider_id_unique', properties: ['provider', 'providerPaymentId'] },
    // One live request for money per booking: a second link would let a customer pay twice.
    { name: 'payment_one_pending_per_booking', expression: `create unique index "payment_one_pending_per_booking" on "payment" ("booking_id") where "status" = 'pending'` },
  ],
  indexes: [
    { name: 'payment_booking_idx', properties: ['booking'] },
    { name: 'payment_business_created_idx', properties: ['business', 'createdAt'] },
    { name: 'payment_business_updated_idx', properties: ['business', 'updatedAt'] },
    // The refund sweep: the few payments with a refund due, oldest change first.
    { name: 'payment_refund_due_idx', expression: 'create index payment_refund_due_idx on payment (business_id, updated_at) where refund_due_minor > 0' },
  ],
  checks: [
    { name: 'payment_amounts_valid', expression: 'amount_minor > 0 and refunded_minor >= 0 and refund_due_minor >= 0 and refunded_minor + refund_due_minor <= amount_minor' },
    { name: 'payment_currency_upper', expression: "currency ~ '^[A-Z]{3}$'" },
  ],
});

/** A payment row. */
export type Payment = InferEntity<typeof PaymentSchema>;

/**
 * A business's way to take money, one row per provider: Stripe (its own secret key and
 * webhook signing secret, sealed at rest) or Kaspi (its Pay link or QR payload, and the
 * phone the team bills from). Cash needs no row: it is always there.
 */
export const PaymentAccountSchema = defineEntity({
  name: 'PaymentAccount',
  tableName: 'payment_account',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    provider: p.enum(PAYMENT_PROVIDERS),
    /** Stripe: the secret key, sealed. */
    secretCiphertext: p.text().nullable(),
    /** Stripe: the webhook signing secret, sealed. */
    webhookSecretCiphertext: p.text().nullable(),
    /** Kaspi: the Kaspi Pay link (or the payload of the business's Kaspi QR). */
    payLink: p.text().nullable(),
    /** Kaspi: the phone the team bills from, shown to the team. */
    billingPhone: p.string().length(16).nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'payment_account_business_provider_unique', properties: ['business', 'provider'] }],
});

/** A payment-account row. */
export type PaymentAccount = InferEntity<typeof PaymentAccountSchema>;
