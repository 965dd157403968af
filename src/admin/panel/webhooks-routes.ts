import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { createWebhookSubscription } from '../../app/webhooks/create-webhook-subscription.ts';
import { deleteWebhookSubscription } from '../../app/webhooks/delete-webhook-subscription.ts';
import { listWebhookDeliveries } from '../../app/webhooks/list-webhook-deliveries.ts';
import { getWebhookSubscription, listWebhookSubscriptions } from '../../app/webhooks/list-webhook-subscriptions.ts';
import { resendWebhookDelivery } from '../../app/webhooks/resend-webhook-delivery.ts';
import { rotateWebhookSecret } from '../../app/webhooks/rotate-webhook-secret.ts';
import { sendTestWebhook } from '../../app/webhooks/send-test-webhook.ts';
import { updateWebhookSubscription } from '../../app/webhooks/update-webhook-subscription.ts';
import { WEBHOOK_EVENTS } from '../../app/webhooks/webhook-events.ts';
import type { WebhookSettings } from '../../app/webhooks/webhook-settings.ts';
import { WebhookSubscriptionInput } from '../../app/webhooks/webhook-subscription-view.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const DeliveryParam = z.object({ id: z.string().max(64), deliveryId: z.string().max(64) });
const Toggle = z.object({ enabled: z.enum(['on', 'off']) });

function settingsOf(deps: PanelDeps): WebhookSettings {
  return deps.webhooks ?? { secrets: deps.appSecret, allowPrivateUrls: false };
}

async function showList(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, page: PageOptions = {}, secret?: { id: string; value: string }): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const subscriptions = (await listWebhookSubscriptions(deps.ctx, business.businessId)).map((s) => ({ ...s, created: when.format(s.createdAt) }));
  const chosen = new Set([page.values?.['events'] ?? []].flat());
  return renderPage(reply, request, 'webhooks/list', { title: t('panel.webhooks.title'), subscriptions, events: WEBHOOK_EVENTS.map((e) => ({ name: e, checked: chosen.has(e) })), secret: secret ?? null }, page);
}

async function showOne(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, id: string, secret?: string): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const subscription = await getWebhookSubscription(deps.ctx, business.businessId, id);
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
  const deliveries = (await listWebhookDeliveries(deps.ctx, business.businessId, { subscriptionId: subscription.id })).map((d) => ({ ...d, created: when.format(d.createdAt), next: d.nextAttemptAt ? when.format(d.nextAttemptAt) : '' }));
  return renderPage(reply, request, 'webhooks/show', { title: t('panel.webhooks.show_title'), s: subscription, deliveries, secret: secret ?? null });
}

/** Webhooks (admins and up): subscriptions, their secrets shown once, a delivery log with resend. */
export function webhooksRoutes(deps: PanelDeps): PanelRoute[] {
  const one = (request: PanelRequest, id: string) => `/admin/b/${request.panel.business!.slug}/webhooks/${id}`;
  return [
    { method: 'GET', url: '/b/:slug/webhooks', access: ADMIN, handler: async (request, reply) => showList(deps, request, reply) },
    {
      method: 'POST',
      url: '/b/:slug/webhooks',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const values = formValues(request.body);
        const form = parseForm(WebhookSubscriptionInput, request.body);
        if (!form.ok) return showList(deps, request, reply, { status: 422, errors: form.errors, values });
        try {
          const created = await createWebhookSubscription(deps.ctx, settingsOf(deps), business.businessId, panelActor(request), form.data);
          // The secret is in this answer only: never stored readable, never in a URL.
          return showList(deps, request, reply, {}, { id: created.subscription.id, value: created.secret });
        } catch (error) {
          if (error instanceof InvalidField) return showList(deps, request, reply, { status: 422, errors: { [error.field]: error.reason }, values });
          throw error;
        }
      },
    },
    { method: 'GET', url: '/b/:slug/webhooks/:id', access: ADMIN, handler: async (request, reply) => showOne(deps, request, reply, IdParam.parse(request.params).id) },
    {
      method: 'POST',
      url: '/b/:slug/webhooks/:id/enabled',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const form = parseForm(Toggle, request.body);
        if (!form.ok) return reply.code(422).send();
        const subscription = await getWebhookSubscription(deps.ctx, request.panel.business!.businessId, id);
        await updateWebhookSubscription(deps.ctx, settingsOf(deps), request.panel.business!.businessId, panelActor(request), { subscriptionId: subscription.id, enabled: form.data.enabled === 'on' });
        return seeOther(reply, one(request, subscription.id));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/webhooks/:id/delete',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const parsed = z.uuid().safeParse(id);
        if (parsed.success) await deleteWebhookSubscription(deps.ctx, request.panel.business!.businessId, panelActor(request), { subscriptionId: parsed.data });
        return seeOther(reply, `/admin/b/${request.panel.business!.slug}/webhooks`);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/webhooks/:id/rotate',
      access: ADMIN,
      handler: async (request, reply) => {
        const subscription = await getWebhookSubscription(deps.ctx, request.panel.business!.businessId, IdParam.parse(request.params).id);
        const { secret } = await rotateWebhookSecret(deps.ctx, settingsOf(deps), request.panel.business!.businessId, panelActor(request), { subscriptionId: subscription.id });
        return showOne(deps, request, reply, subscription.id, secret);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/webhooks/:id/test',
      access: ADMIN,
      handler: async (request, reply) => {
        const subscription = await getWebhookSubscription(deps.ctx, request.panel.business!.businessId, IdParam.parse(request.params).id);
        await sendTestWebhook(deps.ctx, request.panel.business!.businessId, { subscriptionId: subscription.id });
        return seeOther(reply, one(request, subscription.id));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/webhooks/:id/deliveries/:deliveryId/resend',
      access: ADMIN,
      handler: async (request, reply) => {
        const params = DeliveryParam.parse(request.params);
        const subscription = await getWebhookSubscription(deps.ctx, request.panel.business!.businessId, params.id);
        const delivery = z.uuid().safeParse(params.deliveryId);
        if (!delivery.success) return seeOther(reply, one(request, subscription.id));
        await resendWebhookDelivery(deps.ctx, request.panel.business!.businessId, panelActor(request), { deliveryId: delivery.data });
        return seeOther(reply, one(request, subscription.id));
      },
    },
  ];
}
