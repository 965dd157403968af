import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { sealSecret } from '../../db/secret-box.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { newSigningSecret } from './webhook-signature.ts';
import { WEBHOOK_SECRET_PURPOSE, type WebhookSettings } from './webhook-settings.ts';
import { assertReceiverUrl, toSubscriptionView, WebhookSubscriptionInput, type WebhookSubscriptionView } from './webhook-subscription-view.ts';

/** A new subscription and its signing secret, which is shown this once and never again. */
export interface CreatedWebhookSubscription {
  subscription: WebhookSubscriptionView;
  secret: string;
}

/**
 * Subscribes a receiver URL of the business to events: the URL checked (https, a public
 * host; see {@link WebhookSettings}), a new signing secret sealed at rest under the app
 * secret and bound to the row. Enabled at once. Audited (the URL, never the secret).
 */
export async function createWebhookSubscription(
  ctx: UseCaseContext,
  settings: WebhookSettings,
  businessId: string,
  actor: Actor,
  raw: z.input<typeof WebhookSubscriptionInput>,
): Promise<CreatedWebhookSubscription> {
  const input = WebhookSubscriptionInput.parse(raw);
  const id = Id.parse(businessId);
  const url = assertReceiverUrl(input.url, settings.allowPrivateUrls);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const subscriptionId = randomUUID();
    const secret = newSigningSecret();
    const row = em.create(WebhookSubscriptionSchema, {
      id: subscriptionId,
      business: id,
      url,
      events: input.events,
      secretCiphertext: sealSecret(settings.secrets, WEBHOOK_SECRET_PURPOSE, secret, subscriptionId),
      createdAt: new Date(ctx.now()),
    });
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'webhook.created', entityType: 'webhook_subscription', entityId: subscriptionId, details: { url, events: input.events } });
    await em.flush();
    return { subscription: toSubscriptionView(row), secret };
  });
}
