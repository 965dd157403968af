import { z } from 'zod';
import { createWebhookSubscription } from '../../app/webhooks/create-webhook-subscription.ts';
import { listWebhookDeliveries, ListWebhookDeliveriesInput, type WebhookDeliveryView } from '../../app/webhooks/list-webhook-deliveries.ts';
import { getWebhookSubscription, listWebhookSubscriptions } from '../../app/webhooks/list-webhook-subscriptions.ts';
import { rotateWebhookSecret } from '../../app/webhooks/rotate-webhook-secret.ts';
import { updateWebhookSubscription } from '../../app/webhooks/update-webhook-subscription.ts';
import { WebhookEventName } from '../../app/webhooks/webhook-events.ts';
import { WebhookSubscriptionInput, type WebhookSubscriptionView } from '../../app/webhooks/webhook-subscription-view.ts';
import type { WebhookSettings } from '../../app/webhooks/webhook-settings.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { apiRoute, type ApiRoute } from './api-route.ts';
import { API_ACTOR } from './booking-api-routes.ts';

const SubscriptionId = z.object({ id: z.uuid() });
// The API takes events as a list (the panel's form may post one as a single field).
const SubscriptionBody = z.object({ url: WebhookSubscriptionInput.shape.url, events: z.array(WebhookEventName).min(1) });
const SubscriptionPatch = SubscriptionBody.partial().extend({ enabled: z.boolean().optional() });
const DeliveriesQuery = ListWebhookDeliveriesInput.pick({ limit: true });

const Subscription = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(WebhookEventName),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledReason: z.string().nullable(),
  /** Epoch ms. */
  createdAt: z.number().int(),
});
const Delivery = z.object({
  id: z.uuid(),
  eventId: z.string(),
  eventType: z.string(),
  createdAt: z.number().int(),
  attempts: z.number().int(),
  status: z.string(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().int().nullable(),
  deliveredAt: z.number().int().nullable(),
});

const subscriptionBody = (s: WebhookSubscriptionView): z.input<typeof Subscription> => ({ ...s, createdAt: s.createdAt.getTime() });
const deliveryBody = (d: WebhookDeliveryView): z.input<typeof Delivery> => ({
  ...d,
  createdAt: d.createdAt.getTime(),
  nextAttemptAt: d.nextAttemptAt?.getTime() ?? null,
  deliveredAt: d.deliveredAt?.getTime() ?? null,
});

/**
 * Webhook subscriptions through the API: the same use cases as the panel's Webhooks page
 * (URLs checked the same way, the signing secret shown once on creation and on rotation,
 * audited as the business).
 */
export function webhookApiRoutes(deps: { ctx: UseCaseContext; webhooks: WebhookSettings }): ApiRoute[] {
  const { ctx, webhooks } = deps;
  return [
    apiRoute({
      method: 'GET',
      path: '/webhooks',
      summary: 'The business webhook subscriptions (never their secrets).',
      scope: 'read',
      response: z.object({ data: z.array(Subscription) }),
      handler: async ({ caller }) => ({ data: (await listWebhookSubscriptions(ctx, caller.businessId)).map(subscriptionBody) }),
    }),
    apiRoute({
      method: 'POST',
      path: '/webhooks',
      summary: 'Subscribes an https URL to events; the answer carries the signing secret, shown this once.',
      scope: 'write',
      body: SubscriptionBody,
      response: z.object({ subscription: Subscription, secret: z.string() }),
      status: 201,
      errors: [422],
      example: { body: { url: 'https://crm.example.com/bookchat', events: ['booking.created', 'booking.cancelled'] } },
      handler: async ({ caller, body }) => {
        const created = await createWebhookSubscription(ctx, webhooks, caller.businessId, API_ACTOR, body);
        return { subscription: subscriptionBody(created.subscription), secret: created.secret };
      },
    }),
    apiRoute({
      method: 'PATCH',
      path: '/webhooks/:id',
      summary: 'Changes a subscription URL or events, or turns it off or on (on again starts its failures afresh).',
      scope: 'write',
      params: SubscriptionId,
      body: SubscriptionPatch,
      response: Subscription,
      errors: [404, 422],
      example: { body: { enabled: false } },
      handler: async ({ caller, params, body }) => subscriptionBody(await updateWebhookSubscription(ctx, webhooks, caller.businessId, API_ACTOR, { ...body, subscriptionId: params.id })),
    }),
    apiRoute({
      method: 'POST',
      path: '/webhooks/:id/rotate-secret',
      summary: 'A new signing secret for the subscription, shown this once; the old one stops signing at once.',
      scope: 'write',
      params: SubscriptionId,
      response: z.object({ secret: z.string() }),
      errors: [404],
      handler: async ({ caller, params }) => rotateWebhookSecret(ctx, webhooks, caller.businessId, API_ACTOR, { subscriptionId: params.id }),
    }),
    apiRoute({
      method: 'GET',
      path: '/webhooks/:id/deliveries',
      summary: 'A subscription latest deliveries, newest first: event, attempts, the receiver last answer.',
      scope: 'read',
      params: SubscriptionId,
      query: DeliveriesQuery,
      response: z.object({ data: z.array(Delivery) }),
      errors: [404],
      handler: async ({ caller, params, query }) => {
        await getWebhookSubscription(ctx, caller.businessId, params.id);
        return { data: (await listWebhookDeliveries(ctx, caller.businessId, { subscriptionId: params.id, limit: query.limit })).map(deliveryBody) };
      },
    }),
  ];
}
