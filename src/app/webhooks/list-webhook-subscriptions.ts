import { WebhookSubscriptionSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toSubscriptionView, type WebhookSubscriptionView } from './webhook-subscription-view.ts';

/** The business's webhook subscriptions, oldest first. */
export async function listWebhookSubscriptions(ctx: UseCaseContext, businessId: string): Promise<WebhookSubscriptionView[]> {
  const rows = await emForBusiness(ctx.orm, Id.parse(businessId)).find(WebhookSubscriptionSchema, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return rows.map(toSubscriptionView);
}

/** One subscription of the business; another business's id is not found. */
export async function getWebhookSubscription(ctx: UseCaseContext, businessId: string, subscriptionId: string): Promise<WebhookSubscriptionView> {
  const id = Id.safeParse(subscriptionId);
  const row = id.success ? await emForBusiness(ctx.orm, Id.parse(businessId)).findOne(WebhookSubscriptionSchema, { id: id.data }) : null;
  if (!row) throw new NotFound('webhook subscription');
  return toSubscriptionView(row);
}
