import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { getResource } from '../../app/catalog/get-resource.ts';
import { listResources, type ResourceRow } from '../../app/catalog/list-resources.ts';
import { instantToLocalDateTime } from '../../app/catalog/local-date-time.ts';
import { ResourceInput, saveResource } from '../../app/catalog/save-resource.ts';
import { RESOURCE_STATUSES } from '../../db/entities/index.ts';
import { submitCatalogForm } from './catalog-form.ts';
import { panelActor } from './panel-route.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const SavedQuery = z.object({ saved: z.string().max(64).optional() });

const NEW_RESOURCE: FormValues = { capacity: '1', status: 'available' };

/** The edit form's values for a stored resource (the maintenance end in the business's zone). */
function formFrom(r: ResourceRow, zone: string): FormValues {
  return {
    name: r.name,
    kind: r.kind,
    capacity: String(r.capacity),
    status: r.status,
    maintenanceNote: r.maintenanceNote,
    maintenanceUntil: r.maintenanceUntil ? instantToLocalDateTime(r.maintenanceUntil, zone) : '',
  };
}

/** The form page, with the kinds the business already uses to pick from. */
async function showForm(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, resourceId: string | undefined, page: PageOptions): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t } = request.panel;
  const kinds = [...new Set((await listResources(deps.ctx, business.businessId)).map((r) => r.kind))].sort();
  return renderPage(
    reply,
    request,
    'resources/form',
    {
      title: t(resourceId ? 'panel.resources.edit_title' : 'panel.resources.new_title'),
      action: `/admin/b/${business.slug}/resources${resourceId ? `/${resourceId}` : ''}`,
      kinds,
      zone: business.timeZone,
      statusOptions: RESOURCE_STATUSES.map((s) => ({ value: s, label: t(`panel.resources.status_${s}`) })),
    },
    page,
  );
}

/** Resources (rooms, chairs, equipment): the list, a new one, and each one's edit form with its maintenance. */
export function resourcesRoutes(deps: PanelDeps): PanelRoute[] {
  const submit = (request: PanelRequest, reply: FastifyReply, resourceId: string | undefined) => {
    const business = request.panel.business!;
    return submitCatalogForm(request, reply, {
      schema: ResourceInput,
      checkboxes: [],
      save: (values) => saveResource(deps.ctx, business.businessId, panelActor(request), values, resourceId),
      show: (page) => showForm(deps, request, reply, resourceId, page),
      savedUrl: (id) => `/admin/b/${business.slug}/resources?saved=${id}`,
    });
  };
  return [
    {
      method: 'GET',
      url: '/b/:slug/resources',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t, language } = request.panel;
        const when = new Intl.DateTimeFormat(language, { timeZone: business.timeZone, dateStyle: 'medium', timeStyle: 'short' });
        const rows = (await listResources(deps.ctx, business.businessId)).map((r) => ({
          ...r,
          until: r.maintenanceUntil ? when.format(r.maintenanceUntil) : '',
        }));
        const saved = SavedQuery.safeParse(request.query).data?.saved;
        return renderPage(reply, request, 'resources/list', { title: t('panel.resources.title'), rows, saved }, saved ? { notice: 'panel.resources.saved' } : {});
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/resources/new',
      access: ADMIN,
      handler: async (request, reply) => showForm(deps, request, reply, undefined, { values: NEW_RESOURCE }),
    },
    {
      method: 'POST',
      url: '/b/:slug/resources',
      access: ADMIN,
      handler: async (request, reply) => submit(request, reply, undefined),
    },
    {
      method: 'GET',
      url: '/b/:slug/resources/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const business = request.panel.business!;
        const resource = await getResource(deps.ctx, business.businessId, id);
        return showForm(deps, request, reply, resource.id, { values: formFrom(resource, business.timeZone) });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/resources/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        // An id of another business is not found before anything is checked.
        await getResource(deps.ctx, request.panel.business!.businessId, id);
        return submit(request, reply, id);
      },
    },
  ];
}
