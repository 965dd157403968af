import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PaymentWebhookAnswer, PaymentWebhooks } from '../app/payments/payment-webhooks.ts';
import type { ServiceMetrics } from '../app/shared/service-metrics.ts';

// Stripe's events are a few kilobytes; a bigger body is refused before it is read.
const WEBHOOK_BODY_LIMIT = 256 * 1024;
const STATUS: Record<PaymentWebhookAnswer, number> = { ok: 200, bad_request: 400, bad_signature: 400, not_found: 404 };
const SlugParam = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });

/**
 * `POST /webhooks/stripe/<business slug>`: in a scope of its own where every body is kept
 * as the raw bytes (Stripe signs those; re-serialised JSON would not verify), so other
 * routes keep their JSON parsing. A forged or missing signature → 400 and nothing changes
 * (counted in `metrics` as a webhook rejection).
 */
export function registerPaymentWebhooks(app: FastifyInstance, webhooks: PaymentWebhooks, metrics?: ServiceMetrics): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/stripe/:slug', { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      const params = SlugParam.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: 'not_found' });
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['stripe-signature'];
      const answer = await webhooks.stripe(params.data.slug, body, typeof signature === 'string' ? signature : undefined);
      if (answer === 'bad_signature') metrics?.webhookRejected('stripe');
      return reply.code(STATUS[answer]).send(answer === 'ok' ? { received: true } : { error: answer });
    });
  });
}
