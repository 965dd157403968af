import { LockMode } from '@mikro-orm/core';
import { WebhookDeliverySchema, WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { nextAttemptDelay, type WebhookRetryPolicy } from './webhook-retry-policy.ts';

/** How one attempt went: a 2xx, or the status code (if any) and what went wrong. */
export type WebhookAttemptOutcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/** What the attempt left behind. */
export type WebhookAttemptResult = 'delivered' | 'retry' | 'gave_up' | 'disabled' | 'gone';

/**
 * Records one attempt of a delivery, in one transaction: delivered; failed and due again
 * after the policy's next delay; or given up. A success clears the subscription's run of
 * failures; a give-up adds one, and at `disableAfterGaveUp` the subscription is turned
 * off with a reason, audited, and the team chats hear of it (`webhooks.subscription_disabled`).
 */
export async function recordWebhookAttempt(
  ctx: UseCaseContext,
  policy: WebhookRetryPolicy,
  businessId: string,
  deliveryId: string,
  outcome: WebhookAttemptOutcome,
): Promise<WebhookAttemptResult> {
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const now = ctx.now();
    const delivery = await em.findOne(WebhookDeliverySchema, { id: deliveryId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!delivery || (delivery.status !== 'pending' && delivery.status !== 'failed')) return 'gone';
    const subscription = await em.findOneOrFail(WebhookSubscriptionSchema, { id: delivery.subscription.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    delivery.attempts += 1;
    delivery.lastStatusCode = outcome.statusCode;
    if (outcome.ok) {
      delivery.status = 'delivered';
      delivery.deliveredAt = new Date(now);
      delivery.nextAttemptAt = null;
      delivery.lastError = null;
      subscription.consecutiveFailures = 0;
      await em.flush();
      return 'delivered';
    }
    delivery.lastError = outcome.error.slice(0, 500);
    const delay = nextAttemptDelay(policy, delivery.attempts);
    if (delay !== null) {
      delivery.status = 'failed';
      delivery.nextAttemptAt = new Date(now + delay);
      await em.flush();
      return 'retry';
    }
    delivery.status = 'gave_up';
    delivery.nextAttemptAt = null;
    subscription.consecutiveFailures += 1;
    let result: WebhookAttemptResult = 'gave_up';
    if (subscription.enabled && subscription.consecutiveFailures >= policy.disableAfterGaveUp) {
      subscription.enabled = false;
      subscription.disabledReason = `${subscription.consecutiveFailures} events in a row failed every attempt; last: ${delivery.lastError}`.slice(0, 500);
      recordAudit(em, now, { businessId, actor: { kind: 'system' }, action: 'webhook.disabled', entityType: 'webhook_subscription', entityId: subscription.id, details: { reason: subscription.disabledReason } });
      queueNotification(em, now, {
        businessId,
        topic: 'webhooks.subscription_disabled',
        aggregateId: businessId,
        payload: { subscriptionId: subscription.id, url: subscription.url, reason: delivery.lastError },
      });
      result = 'disabled';
    }
    await em.flush();
    return result;
  });
}
