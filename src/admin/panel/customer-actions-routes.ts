import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { customerRecord, type CustomerRecord } from '../../app/customers/customer-record.ts';
import { exportCustomerData } from '../../app/customers/export-customer-data.ts';
import { listCustomers, SEARCH_MAX } from '../../app/customers/list-customers.ts';
import { mergeCustomerCards } from '../../app/customers/merge-customer-cards.ts';
import { setCustomerBlocked } from '../../app/customers/set-customer-blocked.ts';
import { NotFound } from '../../app/shared/app-errors.ts';
import { customerIdParam, panelFormats } from './customers-routes.ts';
import { ADMIN } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { parseForm } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther, type PageOptions } from './panel-view.ts';

const BlockForm = z.object({ blocked: z.enum(['yes', 'no'], { error: 'invalid' }) });
const MergeForm = z.object({ from: z.uuid({ error: 'customers_merge_pick' }) });
const MergeQuery = z.object({ q: z.string().optional().catch(undefined), from: z.string().max(64).optional().catch(undefined) });

/** A card as the merge page sums it up. */
function summary(request: PanelRequest, record: CustomerRecord) {
  const f = panelFormats(request);
  const last = record.bookings.find((b) => b.status === 'completed' || b.status === 'confirmed');
  return {
    id: record.customer.id,
    name: record.customer.name,
    phone: record.customer.phone,
    tags: record.customer.tags,
    blocked: record.customer.blocked,
    channels: [...new Set(record.identities.map((i) => i.channel))],
    bookings: record.bookings.length,
    last: last ? f.day(last.startsAt) : '',
  };
}

/**
 * The merge page: without a pick, a search for the duplicate (this card left out);
 * with one (`from`), both cards side by side and the button that merges.
 */
async function mergePage(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, into: CustomerRecord, page: PageOptions = {}): Promise<FastifyReply> {
  const business = request.panel.business!;
  const { t } = request.panel;
  const query = MergeQuery.parse(request.query ?? {});
  const typed = (query.q ?? '').slice(0, SEARCH_MAX);
  const fromId = page.values?.['from'] ?? query.from;
  let from: CustomerRecord | undefined;
  // A form already refused (no card picked) shows the search again.
  if (typeof fromId === 'string' && fromId !== '' && fromId !== into.customer.id && !page.errors?.['from']) {
    try {
      from = await customerRecord(deps.ctx, business.businessId, fromId);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      page = { ...page, status: 404, errors: { from: 'customers_merge_unknown' } };
    }
  }
  const self = fromId === into.customer.id;
  const found = typed !== '' && !from ? (await listCustomers(deps.ctx, business.businessId, { q: typed })).rows.filter((r) => r.id !== into.customer.id) : [];
  return renderPage(
    reply,
    request,
    'customers/merge',
    {
      title: t('panel.customers.merge_title'),
      channelName: panelFormats(request).channel,
      into: summary(request, into),
      from: from ? summary(request, from) : undefined,
      q: typed,
      found,
      self,
    },
    self ? { ...page, status: 422, errors: { from: 'customers_merge_self' } } : page,
  );
}

/** What only admins and owners do to a customer: block or unblock, merge a duplicate in, export their data. */
export function customerActionsRoutes(deps: PanelDeps): PanelRoute[] {
  const profileUrl = (request: PanelRequest, id: string) => `/admin/b/${request.panel.business!.slug}/customers/${id}`;
  return [
    {
      method: 'POST',
      url: '/b/:slug/customers/:id/block',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const record = await customerRecord(deps.ctx, business.businessId, customerIdParam(request));
        const form = parseForm(BlockForm, request.body);
        if (!form.ok) return reply.code(400).type('text/plain; charset=utf-8').send(request.panel.t('panel.errors.page_bad_request'));
        const blocked = form.data.blocked === 'yes';
        await setCustomerBlocked(deps.ctx, business.businessId, panelActor(request), { customerId: record.customer.id, blocked });
        return seeOther(reply, `${profileUrl(request, record.customer.id)}?done=${blocked ? 'blocked' : 'unblocked'}`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/customers/:id/merge',
      access: ADMIN,
      handler: async (request, reply) => {
        const into = await customerRecord(deps.ctx, request.panel.business!.businessId, customerIdParam(request));
        return mergePage(deps, request, reply, into);
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/customers/:id/merge',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const into = await customerRecord(deps.ctx, business.businessId, customerIdParam(request));
        const form = parseForm(MergeForm, request.body);
        if (!form.ok) return mergePage(deps, request, reply, into, { status: 422, errors: form.errors, values: form.values });
        if (form.data.from === into.customer.id) return mergePage(deps, request, reply, into, { values: { from: form.data.from } });
        await mergeCustomerCards(deps.ctx, business.businessId, panelActor(request), { intoCustomerId: into.customer.id, fromCustomerId: form.data.from });
        return seeOther(reply, `${profileUrl(request, into.customer.id)}?done=merged`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/customers/:id/export.json',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const data = await exportCustomerData(deps.ctx, { id: business.businessId, name: business.name }, panelActor(request), customerIdParam(request));
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="customer-${data.customer.id}.json"`)
          .header('cache-control', 'no-store')
          .send(JSON.stringify(data, null, 2));
      },
    },
  ];
}
