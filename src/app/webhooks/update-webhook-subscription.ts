import { z } from 'zod';
import { WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import type { WebhookSettings } from './webhook-settings.ts';
import { assertReceiverUrl, toSubscriptionView, WebhookSubscriptionInput, type WebhookSubscriptionView } from './webhook-subscription-view.ts';

/** Input of {@link updateWebhookSubscription}: any of URL, events and on/off. */
export const UpdateWebhookSubscriptionInput = WebhookSubscriptionInput.partial().extend({
  subscriptionId: z.uuid(),
  enabled: z.boolean().optional(),
});

/**
 * Changes a subscription's URL (checked again), events, or turns it on or off. Turning
 * it on again clears the failures that turned it off, so it gets a fresh start;
 * deliveries still pending are sent, those given up on stay given up (a resend sends one
 * again). Audited.
 */
export async function updateWebhookSubscription(
  ctx: UseCaseContext,
  settings: WebhookSettings,
  businessId: string,
  actor: Actor,
  raw: z.input<typeof UpdateWebhookSubscriptionInput>,
): Promise<WebhookSubscriptionView> {
  const input = UpdateWebhookSubscriptionInput.parse(raw);
  const id = Id.parse(businessId);
  const url = input.url === undefined ? undefined : assertReceiverUrl(input.url, settings.allowPrivateUrls);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = await em.findOne(WebhookSubscriptionSchema, { id: input.subscriptionId });
    if (!row) throw new NotFound('webhook subscription');
    if (url !== undefined) row.url = url;
    if (input.events !== undefined) row.events = input.events;
    if (input.enabled !== undefined && input.enabled !== row.enabled) {
      row.enabled = input.enabled;
      if (input.enabled) {
        row.consecutiveFailures = 0;
        row.disabledReason = null;
      }
    }
    const changes = { ...(url !== undefined ? { url } : {}), ...(input.events ? { events: input.events } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}) };
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'webhook.updated', entityType: 'webhook_subscription', entityId: row.id, details: changes });
    await em.flush();
    return toSubscriptionView(row);
  });
}
