import type { FastifyReply } from 'fastify';
import { getBusinessSetup, type BusinessProfileView } from '../../app/catalog/get-business-setup.ts';
import { BusinessProfileInput, updateBusinessProfile } from '../../app/catalog/update-business-profile.ts';
import { businessFormOptions } from './business-form-options.ts';
import { panelActor } from './panel-route.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

async function profilePage(deps: PanelDeps, reply: FastifyReply, request: PanelRequest, options: PageOptions = {}) {
  const setup = await getBusinessSetup(deps.ctx, request.panel.business!.businessId);
  const form: BusinessProfileView = setup.profile;
  const shown = { timeZone: String(options.values?.['timeZone'] ?? form.timeZone), currency: String(options.values?.['currency'] ?? form.currency) };
  return renderPage(
    reply,
    request,
    'onboarding/profile',
    {
      form,
      options: businessFormOptions(request.panel, shown),
      // Prices are never converted: the currency stays while services have prices.
      currencyLocked: setup.services.length > 0,
      title: request.panel.t('panel.onboarding.profile.title'),
    },
    options,
  );
}

/** The business profile page: the wizard's first two steps' fields in one form. A new slug moves the page to its new address. */
export function businessProfileRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/settings',
      access: ADMIN,
      handler: async (request, reply) => {
        const saved = Object.hasOwn(request.query as object, 'saved');
        return profilePage(deps, reply, request, saved ? { notice: 'panel.onboarding.profile.saved' } : {});
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/settings',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const form = parseForm(BusinessProfileInput, request.body);
        if (!form.ok) return profilePage(deps, reply, request, { status: 422, errors: form.errors, values: form.values });
        const outcome = await updateBusinessProfile(deps.ctx, business.businessId, panelActor(request), form.data);
        if (outcome.kind === 'invalid') return profilePage(deps, reply, request, { status: 422, errors: outcome.errors, values: formValues(request.body) });
        return seeOther(reply, `/admin/b/${outcome.slug}/settings?saved=1`);
      },
    },
  ];
}
