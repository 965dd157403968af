import Stripe from 'stripe';
import { PaymentProviderError } from '../../app/payments/payment-provider.ts';

/** How long one Stripe call may take by default: a payment link is made while a customer waits in the chat. */
export const STRIPE_TIMEOUT_MS = 10_000;

/**
 * An SDK client for one business's secret key. `apiBase` (STRIPE_API_BASE) points it
 * at another server — a local fake in tests — through the SDK's own `host`/`port`/
 * `protocol` options (its base path stays `/v1/`). The SDK does not retry by itself:
 * a failure is reported at once, and the caller (a job, the customer) tries again
 * with the same idempotency key.
 */
export function stripeClient(secretKey: string, options: { apiBase?: string | undefined; timeoutMs?: number | undefined } = {}): Stripe {
  return new Stripe(secretKey, {
    timeout: options.timeoutMs ?? STRIPE_TIMEOUT_MS,
    maxNetworkRetries: 0,
    telemetry: false,
    ...(options.apiBase ? endpointOf(options.apiBase) : {}),
  });
}

function endpointOf(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/**
 * Stripe's refusal or silence as a {@link PaymentProviderError}: no answer (a network
 * failure, a timeout), 5xx, 429 and 409 (another request with the same idempotency
 * key still running) may work later; any other 4xx will not. Anything that is not
 * the SDK's error is a bug of ours and is thrown as it is.
 */
export function asProviderError(error: unknown, doing: string): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const status = error.statusCode;
  if (status === undefined) return new PaymentProviderError(`Stripe ${doing}: no answer (${error.message})`, true);
  const retryable = status >= 500 || status === 429 || status === 409;
  return new PaymentProviderError(`Stripe ${doing}: ${status} ${error.code ?? error.type}: ${error.message}`, retryable);
}
