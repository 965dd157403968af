import type { z } from 'zod';
import { WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { sealSecret } from '../../db/secret-box.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { newSigningSecret } from './webhook-signature.ts';
import { WEBHOOK_SECRET_PURPOSE, type WebhookSettings } from './webhook-settings.ts';
import { WebhookSubscriptionId } from './webhook-subscription-view.ts';

/**
 * Gives a subscription a new signing secret (returned this once); every request from
 * now on, retries of older events included, is signed with it. Audited.
 */
export async function rotateWebhookSecret(ctx: UseCaseContext, settings: WebhookSettings, businessId: string, actor: Actor, raw: z.input<typeof WebhookSubscriptionId>): Promise<{ secret: string }> {
  const input = WebhookSubscriptionId.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = await em.findOne(WebhookSubscriptionSchema, { id: input.subscriptionId });
    if (!row) throw new NotFound('webhook subscription');
    const secret = newSigningSecret();
    row.secretCiphertext = sealSecret(settings.secrets, WEBHOOK_SECRET_PURPOSE, secret, row.id);
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'webhook.secret_rotated', entityType: 'webhook_subscription', entityId: row.id });
    await em.flush();
    return { secret };
  });
}
