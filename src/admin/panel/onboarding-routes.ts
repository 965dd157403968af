import { regionalDefaults } from '../../app/catalog/business-settings.ts';
import { createBusiness, BusinessInput } from '../../app/catalog/create-business.ts';
import { getBusinessSetup, type BusinessProfileView } from '../../app/catalog/get-business-setup.ts';
import { setupProgress } from '../../app/catalog/setup-progress.ts';
import { BusinessContactInput, BusinessSettingsInput, updateBusinessProfile } from '../../app/catalog/update-business-profile.ts';
import { formatMoney } from '../../app/catalog/currency-amount.ts';
import { businessFormOptions } from './business-form-options.ts';
import { ADMIN, SIGNED_IN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { seeOther } from './panel-view.ts';
import { renderStep, stepHref } from './onboarding-steps.ts';
import type { FastifyReply } from 'fastify';

/** The step-1 fields a form shows: a business's, or the defaults for a new one in the page's language. */
type BusinessForm = { name: string; slug: string; timeZone: string; language: string; currency: string; phoneCountry: string };

/** The contact step's page: the phone hint names the country numbers without + are read in. */
function contactStep(reply: FastifyReply, request: PanelRequest, form: BusinessProfileView, options: { status?: number; errors?: Record<string, string>; values?: FormValues } = {}) {
  const { t, language } = request.panel;
  const country = new Intl.DisplayNames([language, 'en'], { type: 'region', fallback: 'code' }).of(form.phoneCountry) ?? form.phoneCountry;
  return renderStep(reply, request, 'contact', { form, phoneHint: t('panel.onboarding.contact.phone_hint', { country }) }, options);
}

function businessStep(reply: FastifyReply, request: PanelRequest, form: BusinessForm, extra: Record<string, unknown>, options: { status?: number; errors?: Record<string, string>; values?: FormValues } = {}) {
  const shown = { timeZone: String(options.values?.['timeZone'] ?? form.timeZone), currency: String(options.values?.['currency'] ?? form.currency) };
  return renderStep(reply, request, 'business', { form, options: businessFormOptions(request.panel, shown), ...extra }, options);
}

/**
 * The onboarding wizard's first, second and last steps: a new business (any signed-in
 * user, who becomes its owner), the same settings again for a business that exists,
 * its address, map link and phone, and the summary with "connect your bot". The
 * services and staff steps are in `onboarding-catalog-routes.ts`.
 */
export function onboardingRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/new',
      access: SIGNED_IN,
      handler: async (request, reply) => {
        const language = request.panel.language;
        return businessStep(reply, request, { name: '', slug: '', language, ...regionalDefaults(language) }, { action: '/admin/new', creating: true });
      },
    },
    {
      method: 'POST',
      url: '/new',
      access: SIGNED_IN,
      handler: async (request, reply) => {
        const language = request.panel.language;
        const empty = { name: '', slug: '', language, ...regionalDefaults(language) };
        const form = parseForm(BusinessInput, request.body);
        if (!form.ok) return businessStep(reply, request, empty, { action: '/admin/new', creating: true }, { status: 422, errors: form.errors, values: form.values });
        const outcome = await createBusiness(deps.ctx, request.panel.user!.id, form.data);
        if (outcome.kind === 'slug_taken') {
          const values = formValues(request.body);
          return businessStep(reply, request, empty, { action: '/admin/new', creating: true, slugSuggestion: outcome.suggestion }, { status: 422, errors: { slug: 'business_slug_taken' }, values });
        }
        return seeOther(reply, stepHref('contact', outcome.slug)!);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/setup',
      access: ADMIN,
      handler: async (request, reply) => {
        const { profile } = await getBusinessSetup(deps.ctx, request.panel.business!.businessId);
        return businessStep(reply, request, profile, { action: stepHref('business', profile.slug) });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/setup',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { profile } = await getBusinessSetup(deps.ctx, business.businessId);
        const action = stepHref('business', business.slug);
        // Only this step's fields: the contact fields are the next step's.
        const form = parseForm(BusinessSettingsInput, request.body);
        if (!form.ok) return businessStep(reply, request, profile, { action }, { status: 422, errors: form.errors, values: form.values });
        const outcome = await updateBusinessProfile(deps.ctx, business.businessId, panelActor(request), form.data);
        if (outcome.kind === 'invalid') return businessStep(reply, request, profile, { action }, { status: 422, errors: outcome.errors, values: formValues(request.body) });
        return seeOther(reply, stepHref('contact', outcome.slug)!);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/setup/contact',
      access: ADMIN,
      handler: async (request, reply) => {
        const { profile } = await getBusinessSetup(deps.ctx, request.panel.business!.businessId);
        return contactStep(reply, request, profile);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/setup/contact',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { profile } = await getBusinessSetup(deps.ctx, business.businessId);
        const form = parseForm(BusinessContactInput, request.body);
        if (!form.ok) return contactStep(reply, request, profile, { status: 422, errors: form.errors, values: form.values });
        const outcome = await updateBusinessProfile(deps.ctx, business.businessId, panelActor(request), form.data);
        if (outcome.kind === 'invalid') return contactStep(reply, request, profile, { status: 422, errors: outcome.errors, values: formValues(request.body) });
        return seeOther(reply, stepHref('services', outcome.slug)!);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/setup/done',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const [setup, progress] = await Promise.all([getBusinessSetup(deps.ctx, business.businessId), setupProgress(deps.ctx, business.businessId)]);
        const services = setup.services.map((s) => ({ ...s, price: formatMoney(s.priceMinor, s.currency, request.panel.language) }));
        const bookable = setup.services.some((s) => s.active) && setup.staff.some((m) => m.active && m.serviceCount > 0 && m.workingDays > 0);
        return renderStep(reply, request, 'done', { setup, services, botConnected: progress.bot, bookable, channelsHref: `/admin/b/${business.slug}/channels` });
      },
    },
  ];
}
