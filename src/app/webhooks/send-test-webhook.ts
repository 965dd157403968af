import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { BusinessSchema, WebhookDeliverySchema, WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { TEST_EVENT_TYPE } from './webhook-events.ts';
import { WebhookSubscriptionId } from './webhook-subscription-view.ts';

/**
 * Queues a `webhook.test` event for one subscription (whatever events it chose), sent
 * by the delivery job like any other and shown in its log: the business checks its
 * receiver and signature code without making a booking.
 */
export async function sendTestWebhook(ctx: UseCaseContext, businessId: string, raw: z.input<typeof WebhookSubscriptionId>): Promise<{ deliveryId: string }> {
  const input = WebhookSubscriptionId.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const subscription = await em.findOne(WebhookSubscriptionSchema, { id: input.subscriptionId });
    const business = await em.findOne(BusinessSchema, { id }, { fields: ['slug'] });
    if (!subscription || !business) throw new NotFound('webhook subscription');
    const now = new Date(ctx.now());
    const eventId = randomUUID();
    const payload = { id: eventId, type: TEST_EVENT_TYPE, created_at: now.toISOString(), business: { slug: business.slug }, data: { subscription_id: subscription.id } };
    const row = em.create(WebhookDeliverySchema, { business: id, subscription, eventId, eventType: TEST_EVENT_TYPE, payload, nextAttemptAt: now, createdAt: now });
    await em.flush();
    return { deliveryId: row.id };
  });
}
