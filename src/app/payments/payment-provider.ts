import type { PaymentProviderName } from '../../db/entities/index.ts';

/** What a provider is asked to create: money for one booking, in minor units of one currency. */
export interface PaymentRequest {
  businessId: string;
  /** Our payment's id: the idempotency key, and what the provider echoes back. */
  paymentId: string;
  bookingId: string;
  amountMinor: number;
  /** ISO 4217, upper case (`KZT`, `EUR`). */
  currency: string;
  /** What the customer pays for, in their language ("Deposit: Colouring, 5 Mar 14:00"). */
  description: string;
  /** Epoch ms; a provider may clamp it into its own window (Stripe: 30 min – 24 h). */
  expiresAt: number;
  /** Where the customer lands after paying, and after giving up. */
  successUrl: string;
  cancelUrl: string;
  /** The customer's language (`en`, `ru`, `uk`, `kk`). */
  language: string;
}

/** A payment the provider made: where to pay and until when. */
export interface CreatedPayment {
  /** The provider's id of it (a Checkout Session id), null when it has none (Kaspi, cash). */
  providerPaymentId: string | null;
  /** Where the customer pays, null for cash. */
  link: string | null;
  /** Epoch ms the link stops working (as the provider clamped it). */
  expiresAt: number;
}

/**
 * Something that happened to a payment at the provider, verified (a signed webhook).
 * `eventId` is recorded once, so a redelivered event changes nothing. The payment is
 * found by the provider's id of it, or (a refund names the money moved) of its charge.
 */
export type PaymentEvent = { eventId: string; providerPaymentId: string | null; providerChargeId: string | null } & (
  | { kind: 'paid'; amountMinor: number; currency: string }
  | { kind: 'expired' }
  | { kind: 'failed'; reason: string }
  /** `refundedMinor`: the total refunded so far, as the provider counts it. */
  | { kind: 'refunded'; refundedMinor: number }
);

/** A provider refused or could not be reached; `retryable` says whether trying later may help. */
export class PaymentProviderError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/**
 * One way to take money (Stripe, Kaspi, cash), implemented in `src/payments/` and wired
 * in `main.ts`. The use cases in this folder decide what a payment is and what its
 * events do; a provider only talks to the outside.
 */
export interface PaymentProvider {
  name: PaymentProviderName;
  /** Whether this business can take money this way now (keys connected, a Kaspi link set). */
  availableFor(businessId: string): Promise<boolean>;
  /** Makes the payment at the provider. Throws {@link PaymentProviderError}. */
  create(request: PaymentRequest): Promise<CreatedPayment>;
  /**
   * Gives back `amountMinor` of a paid payment; `refundKey` makes a retried refund the same
   * one. Resolves with the provider's refund id; throws {@link PaymentProviderError}.
   */
  refund(request: { businessId: string; paymentId: string; providerPaymentId: string | null; providerChargeId: string | null; amountMinor: number; refundKey: string }): Promise<string>;
}
