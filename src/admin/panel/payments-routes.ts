import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { KaspiAccountInput, StripeKeysInput } from '../../app/payments/payment-accounts.ts';
import { refuseOnChannelsPage, channelsPageUrl } from './channels-page.ts';
import { ADMIN, OWNER } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { blankToUndefined, formValues, parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { seeOther } from './panel-view.ts';

/** The Kaspi form: a blank billing phone means none. */
const KaspiForm = KaspiAccountInput.extend({ billingPhone: z.preprocess(blankToUndefined, KaspiAccountInput.shape.billingPhone) });

// Both Stripe fields are secrets: never typed back into the form.
const WRITE_ONLY = ['secretKey', 'webhookSecret'];

const refuse = (deps: PanelDeps, request: PanelRequest, reply: FastifyReply, status: number, errors: Record<string, string>, values: FormValues) =>
  refuseOnChannelsPage(deps, request, reply, { status, errors, values, writeOnly: WRITE_ONLY });

/**
 * The Channels page's Payments: the business's own Stripe keys (owners only — payment
 * keys are the owner's) and its Kaspi Pay link (admins and owners). Through
 * `PanelDeps.payments`; absent, a form answers 503 and stores nothing.
 */
export function paymentsRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'POST',
      url: '/b/:slug/channels/stripe',
      access: OWNER,
      handler: async (request, reply) => {
        const values = formValues(request.body);
        const form = parseForm(StripeKeysInput, request.body);
        if (!form.ok) return refuse(deps, request, reply, 422, form.errors, values);
        if (!deps.payments) return refuse(deps, request, reply, 503, { secretKey: 'payments_unavailable' }, values);
        await deps.payments.connectStripe(request.panel.business!.businessId, form.data, panelActor(request));
        return seeOther(reply, `${channelsPageUrl(request, 'stripe_connected')}#payments`);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/stripe/disconnect',
      access: OWNER,
      handler: async (request, reply) => {
        const done = deps.payments ? await deps.payments.disconnectStripe(request.panel.business!.businessId, panelActor(request)) : false;
        return seeOther(reply, `${channelsPageUrl(request, done ? 'stripe_disconnected' : undefined)}#payments`);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/kaspi',
      access: ADMIN,
      handler: async (request, reply) => {
        const values = formValues(request.body);
        const form = parseForm(KaspiForm, request.body);
        if (!form.ok) return refuse(deps, request, reply, 422, form.errors, values);
        if (!deps.payments) return refuse(deps, request, reply, 503, { payLink: 'payments_unavailable' }, values);
        await deps.payments.connectKaspi(request.panel.business!.businessId, form.data, panelActor(request));
        return seeOther(reply, `${channelsPageUrl(request, 'kaspi_saved')}#payments`);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/channels/kaspi/disconnect',
      access: ADMIN,
      handler: async (request, reply) => {
        const done = deps.payments ? await deps.payments.disconnectKaspi(request.panel.business!.businessId, panelActor(request)) : false;
        return seeOther(reply, `${channelsPageUrl(request, done ? 'kaspi_removed' : undefined)}#payments`);
      },
    },
  ];
}
