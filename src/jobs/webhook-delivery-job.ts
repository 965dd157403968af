import { z } from 'zod';
import type { Logger } from 'pino';
import { claimWebhookSubscriptions, releaseWebhookSubscription, type ClaimedWebhookSubscription } from '../app/webhooks/claim-webhook-subscriptions.ts';
import { recordWebhookAttempt } from '../app/webhooks/record-webhook-attempt.ts';
import { DEFAULT_WEBHOOK_POLICY, type WebhookRetryPolicy } from '../app/webhooks/webhook-retry-policy.ts';
import type { WebhookSettings } from '../app/webhooks/webhook-settings.ts';
import { signatureHeader } from '../app/webhooks/webhook-signature.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { JobDefinition } from './job-definition.ts';
import { postWebhook } from './webhook-poster.ts';

/** What one run did. */
export interface WebhookRun {
  delivered: number;
  failed: number;
}

// Per run: this many subscriptions at once, each sending up to this many deliveries in order.
const SUBSCRIPTIONS_PER_RUN = 20;
const DELIVERIES_PER_SUBSCRIPTION = 20;

/**
 * One run of webhook delivery (the outbox dispatcher's fan-out made the deliveries): takes
 * the subscriptions with due deliveries and sends each one's deliveries in order — one
 * request at a time per subscription, subscriptions in parallel — signing each attempt
 * with the current time.
 */
export async function deliverWebhooks(ctx: UseCaseContext, settings: WebhookSettings, logger: Logger, policy: WebhookRetryPolicy = DEFAULT_WEBHOOK_POLICY): Promise<WebhookRun> {
  const leaseMs = DELIVERIES_PER_SUBSCRIPTION * policy.timeoutMs + 60_000;
  const claimed = await claimWebhookSubscriptions(ctx, settings, { limit: SUBSCRIPTIONS_PER_RUN, perSubscription: DELIVERIES_PER_SUBSCRIPTION, leaseMs });
  const runs = await Promise.all(claimed.map((s) => deliverToSubscription(ctx, settings, logger, policy, s)));
  return runs.reduce((a, b) => ({ delivered: a.delivered + b.delivered, failed: a.failed + b.failed }), { delivered: 0, failed: 0 });
}

async function deliverToSubscription(ctx: UseCaseContext, settings: WebhookSettings, logger: Logger, policy: WebhookRetryPolicy, s: ClaimedWebhookSubscription): Promise<WebhookRun> {
  const run: WebhookRun = { delivered: 0, failed: 0 };
  try {
    for (const d of s.deliveries) {
      const t = Math.floor(ctx.now() / 1000);
      const outcome = s.secret === null
        ? { ok: false as const, statusCode: null, error: 'the signing secret no longer opens: rotate it in the panel' }
        : await postWebhook({
            url: s.url,
            body: d.body,
            timeoutMs: policy.timeoutMs,
            allowPrivate: settings.allowPrivateUrls,
            headers: { 'Content-Type': 'application/json', 'BookChat-Event': d.eventType, 'BookChat-Delivery': d.id, 'BookChat-Signature': signatureHeader(s.secret, t, d.body) },
          });
      const result = await recordWebhookAttempt(ctx, policy, s.businessId, d.id, outcome);
      if (outcome.ok) run.delivered += 1;
      else run.failed += 1;
      if (result === 'disabled') {
        logger.warn({ subscription: s.subscriptionId, business: s.businessId }, 'webhook subscription disabled after repeated failures');
        break;
      }
    }
  } finally {
    await releaseWebhookSubscription(ctx, s.businessId, s.subscriptionId);
  }
  return run;
}

/**
 * The Agenda job (every 10 seconds, one worker at a time): webhook requests wait on
 * other people's servers (up to 10 s each), so they run apart from the outbox
 * dispatcher's loop and never hold up a chat message.
 */
export function webhookDeliveryJob(settings: WebhookSettings, policy: WebhookRetryPolicy = DEFAULT_WEBHOOK_POLICY): JobDefinition<Record<string, never>> {
  return {
    name: 'webhook-delivery',
    payload: z.object({}).strict(),
    every: '10 seconds',
    lockLifetimeMs: 10 * 60_000,
    async handle(_payload, { ctx, logger }) {
      await deliverWebhooks(ctx, settings, logger, policy);
    },
  };
}
