import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { businessProfile } from '../../app/catalog/business-profile.ts';
import { formatMoney, minorToMajorText } from '../../app/catalog/currency-amount.ts';
import { getService, type ServiceDetails } from '../../app/catalog/get-service.ts';
import { listResources } from '../../app/catalog/list-resources.ts';
import { listServices } from '../../app/catalog/list-services.ts';
import { translationLanguages } from '../../app/catalog/name-translations.ts';
import { saveService, ServiceInput } from '../../app/catalog/save-service.ts';
import { DEPOSIT_KINDS } from '../../db/entities/index.ts';
import { submitCatalogForm } from './catalog-form.ts';
import { panelActor } from './panel-route.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const SavedQuery = z.object({ saved: z.string().max(64).optional() });
const CHECKBOXES = ['requiresApproval', 'active'] as const;

/** A new service's form: one hour, no buffers, one seat, shown to customers. */
const NEW_SERVICE: FormValues = {
  durationMinutes: '60',
  bufferBeforeMinutes: '0',
  bufferAfterMinutes: '0',
  capacity: '1',
  requiresResourceKind: '',
  depositKind: 'none',
  requiresApproval: '',
  active: 'on',
};

/** The edit form's values for a stored service (amounts back in major units; translations into each language but the business's own). */
function formFrom(s: ServiceDetails, defaultLanguage: string): FormValues {
  const values: FormValues = {
    name: s.name,
    description: s.description,
    durationMinutes: String(s.durationMinutes),
    price: minorToMajorText(s.priceMinor, s.currency),
    bufferBeforeMinutes: String(s.bufferBeforeMinutes),
    bufferAfterMinutes: String(s.bufferAfterMinutes),
    capacity: String(s.capacity),
    requiresResourceKind: s.requiresResourceKind ?? '',
    depositKind: s.depositKind,
    depositAmount: s.depositKind === 'percent' ? String(s.depositValue) : s.depositKind === 'fixed' ? minorToMajorText(s.depositValue, s.currency) : '',
    requiresApproval: s.requiresApproval ? 'on' : '',
    active: s.active ? 'on' : '',
    position: String(s.position),
  };
  for (const language of translationLanguages(defaultLanguage)) {
    values[`name_${language}`] = s.translations[language]?.name ?? '';
    values[`description_${language}`] = s.translations[language]?.description ?? '';
  }
  return values;
}

/** The form page: the business's resource kinds to pick from (and the service's own, even if none is left). */
async function showForm(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, serviceId: string | undefined, page: PageOptions): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t } = request.panel;
  const [resources, profile] = await Promise.all([listResources(deps.ctx, business.businessId), businessProfile(deps.ctx, business.businessId)]);
  const chosen = [page.values?.['requiresResourceKind'] ?? ''].flat()[0] ?? '';
  const kinds = [...new Set([...resources.map((r) => r.kind), ...(chosen ? [chosen] : [])])].sort();
  const title = t(serviceId ? 'panel.services.edit_title' : 'panel.services.new_title');
  return renderPage(
    reply,
    request,
    'services/form',
    {
      title,
      action: `/admin/b/${business.slug}/services${serviceId ? `/${serviceId}` : ''}`,
      currency: profile.currency,
      kindOptions: [{ value: '', label: t('panel.services.resource_none') }, ...kinds.map((k) => ({ value: k, label: k }))],
      depositOptions: DEPOSIT_KINDS.map((k) => ({ value: k, label: t(`panel.services.deposit_${k}`) })),
      translationLanguages: translationLanguages(profile.defaultLocale).map((l) => ({ code: l, label: t(`panel.languages.${l}`) })),
    },
    page,
  );
}

/** Services: the list (hidden ones too), a new one, and each one's edit form. No deletion: hiding keeps its bookings' history. */
export function servicesRoutes(deps: PanelDeps): PanelRoute[] {
  const submit = (request: PanelRequest, reply: FastifyReply, serviceId: string | undefined) => {
    const business = request.panel.business!;
    return submitCatalogForm(request, reply, {
      schema: ServiceInput,
      checkboxes: CHECKBOXES,
      save: (values) => saveService(deps.ctx, business.businessId, panelActor(request), values, serviceId),
      show: (page) => showForm(deps, request, reply, serviceId, page),
      savedUrl: (id) => `/admin/b/${business.slug}/services?saved=${id}`,
    });
  };
  return [
    {
      method: 'GET',
      url: '/b/:slug/services',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t, language } = request.panel;
        const services = await listServices(deps.ctx, business.businessId);
        const rows = services.map((s) => ({ ...s, price: formatMoney(s.priceMinor, s.currency, language) }));
        const saved = SavedQuery.safeParse(request.query).data?.saved;
        return renderPage(reply, request, 'services/list', { title: t('panel.services.title'), rows, saved }, saved ? { notice: 'panel.services.saved' } : {});
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/services/new',
      access: ADMIN,
      handler: async (request, reply) => showForm(deps, request, reply, undefined, { values: NEW_SERVICE }),
    },
    {
      method: 'POST',
      url: '/b/:slug/services',
      access: ADMIN,
      handler: async (request, reply) => submit(request, reply, undefined),
    },
    {
      method: 'GET',
      url: '/b/:slug/services/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const businessId = request.panel.business!.businessId;
        const [service, profile] = await Promise.all([getService(deps.ctx, businessId, id), businessProfile(deps.ctx, businessId)]);
        return showForm(deps, request, reply, service.id, { values: formFrom(service, profile.defaultLocale) });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/services/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        // An id of another business is not found before anything is checked.
        await getService(deps.ctx, request.panel.business!.businessId, id);
        return submit(request, reply, id);
      },
    },
  ];
}
