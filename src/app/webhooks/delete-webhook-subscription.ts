import type { z } from 'zod';
import { WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { WebhookSubscriptionId } from './webhook-subscription-view.ts';

/**
 * Deletes a subscription and its delivery log (nothing more is sent to it). Deleting one
 * already gone is a no-op, so a repeated form or API call answers the same. Audited.
 */
export async function deleteWebhookSubscription(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof WebhookSubscriptionId>): Promise<{ deleted: boolean }> {
  const input = WebhookSubscriptionId.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = await em.findOne(WebhookSubscriptionSchema, { id: input.subscriptionId });
    if (!row) return { deleted: false };
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'webhook.deleted', entityType: 'webhook_subscription', entityId: row.id, details: { url: row.url } });
    em.remove(row);
    await em.flush();
    return { deleted: true };
  });
}
