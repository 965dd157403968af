import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { broadcastAudience } from '../../app/broadcasts/broadcast-audience.ts';
import { BroadcastInput, createBroadcast } from '../../app/broadcasts/create-broadcast.ts';
import { getBroadcast, listBroadcasts, type BroadcastView } from '../../app/broadcasts/list-broadcasts.ts';
import { sendBroadcast } from '../../app/broadcasts/send-broadcast.ts';
import { listServices } from '../../app/catalog/list-services.ts';
import { ADMIN } from './panel-access.ts';
import { submitCatalogForm } from './catalog-form.ts';
import type { PanelDeps } from './panel-deps.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });

// Who a broadcast is for, in words: each filter it has.
function audienceWords(request: PanelRequest, b: BroadcastView, serviceNames: ReadonlyMap<string, string>): string {
  const { t } = request.panel;
  const parts: string[] = [];
  if (b.audience.tag) parts.push(t('panel.broadcasts.audience_tag', { tag: b.audience.tag }));
  if (b.audience.serviceId) parts.push(t('panel.broadcasts.audience_service', { service: serviceNames.get(b.audience.serviceId) ?? '—' }));
  if (b.audience.lapsedDays) parts.push(t('panel.broadcasts.audience_lapsed', { days: b.audience.lapsedDays }));
  return parts.length > 0 ? parts.join(' · ') : t('panel.broadcasts.audience_all');
}

async function showList(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, page: PageOptions = {}): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const [broadcasts, services] = await Promise.all([listBroadcasts(deps.ctx, business.businessId), listServices(deps.ctx, business.businessId)]);
  const names = new Map(services.map((s) => [s.id, s.name]));
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const rows = broadcasts.map((b) => ({ ...b, audienceText: audienceWords(request, b, names), created: when.format(b.createdAt) }));
  return renderPage(
    reply,
    request,
    'broadcasts/list',
    {
      title: t('panel.broadcasts.title'),
      rows,
      // The results change while the dispatcher works: the table is fetched again until every broadcast is done.
      polling: rows.some((r) => r.status === 'queued' || r.status === 'sending'),
      serviceOptions: [{ value: '', label: t('panel.broadcasts.any_service') }, ...services.map((s) => ({ value: s.id, label: s.name }))],
    },
    page,
  );
}

/** Broadcasts: compose (a draft), see whom it reaches, send after confirming, and follow each one's results. */
export function broadcastsRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    { method: 'GET', url: '/b/:slug/broadcasts', access: ADMIN, handler: async (request, reply) => showList(deps, request, reply) },
    {
      method: 'POST',
      url: '/b/:slug/broadcasts',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        return submitCatalogForm(request, reply, {
          schema: BroadcastInput,
          checkboxes: [],
          save: (values) => createBroadcast(deps.ctx, business.businessId, panelActor(request), values),
          show: (page) => showList(deps, request, reply, page),
          savedUrl: (id) => `/admin/b/${business.slug}/broadcasts/${id}`,
        });
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/broadcasts/:id',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const business = request.panel.business!;
        const { t, language } = request.panel;
        const [b, services] = await Promise.all([getBroadcast(deps.ctx, business.businessId, id), listServices(deps.ctx, business.businessId)]);
        const names = new Map(services.map((s) => [s.id, s.name]));
        // A draft shows whom it would reach now, before the confirmation; a sent one, its results.
        const audience = b.status === 'draft' ? await broadcastAudience(deps.ctx, business.businessId, b.audience) : null;
        const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
        return renderPage(reply, request, 'broadcasts/show', {
          title: t('panel.broadcasts.show_title'),
          b: { ...b, audienceText: audienceWords(request, b, names), created: when.format(b.createdAt), queued: b.queuedAt ? when.format(b.queuedAt) : '' },
          audience,
        });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/broadcasts/:id/send',
      access: ADMIN,
      handler: async (request, reply) => {
        const { id } = IdParam.parse(request.params);
        const business = request.panel.business!;
        // Queued only: the dispatcher sends at each channel's pace, never this request.
        await sendBroadcast(deps.ctx, business.businessId, panelActor(request), id);
        return seeOther(reply, `/admin/b/${business.slug}/broadcasts/${id}`);
      },
    },
  ];
}
