/**
 * How a provider's webhook was taken: `ok` (applied, or a duplicate ignored); `not_found`
 * (no such business, or it has no such provider); `bad_signature` (forged, missing or too
 * old: nothing changed); `bad_request` (signed, but not what the provider sends).
 */
export type PaymentWebhookAnswer = 'ok' | 'not_found' | 'bad_signature' | 'bad_request';

/**
 * The providers' webhooks as the HTTP layer hands them over: the raw body (signatures
 * are over the exact bytes) and the signature header. Defined here, implemented in
 * `src/payments/`, wired in `main.ts`, so `src/admin` never imports a provider.
 */
export interface PaymentWebhooks {
  stripe(slug: string, rawBody: Buffer, signature: string | undefined): Promise<PaymentWebhookAnswer>;
}
