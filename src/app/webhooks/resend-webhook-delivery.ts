import { z } from 'zod';
import { WebhookDeliverySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link resendWebhookDelivery}. */
export const ResendWebhookDeliveryInput = z.object({ deliveryId: z.uuid() });

/**
 * Sends a delivery again now, whatever became of it (delivered, given up): the same
 * event id and body, a fresh retry schedule. The delivery job sends it on its next run
 * (a disabled subscription's wait until it is turned on). Audited.
 */
export async function resendWebhookDelivery(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof ResendWebhookDeliveryInput>): Promise<{ subscriptionId: string }> {
  const input = ResendWebhookDeliveryInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = await em.findOne(WebhookDeliverySchema, { id: input.deliveryId });
    if (!row) throw new NotFound('webhook delivery');
    row.status = 'pending';
    row.attempts = 0;
    row.nextAttemptAt = new Date(ctx.now());
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'webhook.resent', entityType: 'webhook_delivery', entityId: row.id, details: { eventId: row.eventId, eventType: row.eventType } });
    await em.flush();
    return { subscriptionId: row.subscription.id };
  });
}
