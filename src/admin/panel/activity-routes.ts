import { z } from 'zod';
import { listAuditEntries, ListAuditInput } from '../../app/audit/list-audit-entries.ts';
import { NotFound } from '../../app/shared/app-errors.ts';
import { listServices } from '../../app/catalog/list-services.ts';
import { listReviews } from '../../app/reviews/list-reviews.ts';
import { leaveWaitlist } from '../../app/waitlist/leave-waitlist.ts';
import { listOpenWaitlist } from '../../app/waitlist/list-open-waitlist.ts';
import { panelFormats } from './customers-routes.ts';
import { ADMIN, MANAGER } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import { panelActor, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const PageQuery = z.object({ page: z.string().optional().catch(undefined) });
const WaitlistQuery = z.object({ day: z.iso.date().optional().catch(undefined), service: z.uuid().optional().catch(undefined), removed: z.literal('1').optional().catch(undefined) });
const EntryParam = z.object({ id: z.string().max(64) });
const RemoveForm = z.object({ customerId: z.uuid() });

/** What happened around the bookings: reviews and the waitlist (managers and up), the audit log (admins and up). */
export function activityRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/reviews',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t, language } = request.panel;
        const result = await listReviews(deps.ctx, business.businessId, { page: PageQuery.parse(request.query ?? {}).page ?? '1' });
        const f = panelFormats(request);
        const one = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
        const base = `/admin/b/${business.slug}/reviews`;
        return renderPage(reply, request, 'activity/reviews', {
          title: t('panel.activity.reviews_title'),
          averages: result.averages.map((a) => ({ ...a, average: one.format(a.average) })),
          rows: result.rows.map((r) => ({ ...r, when: f.day(r.createdAt), visit: f.dateTime(r.visitAt) })),
          page: result.page,
          prev: result.page > 1 ? `${base}?page=${result.page - 1}` : null,
          next: result.hasNext ? `${base}?page=${result.page + 1}` : null,
        });
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/waitlist',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t } = request.panel;
        const query = WaitlistQuery.parse(request.query ?? {});
        const [rows, services] = await Promise.all([
          listOpenWaitlist(deps.ctx, business.businessId, { day: query.day, serviceId: query.service }),
          listServices(deps.ctx, business.businessId),
        ]);
        const f = panelFormats(request);
        // Grouped by first day, in the order the use case gives (day, service, queue).
        const days: { day: string; rows: (typeof rows)[number][] }[] = [];
        for (const row of rows) {
          const last = days.at(-1);
          if (last?.day === row.fromDate) last.rows.push(row);
          else days.push({ day: row.fromDate, rows: [row] });
        }
        return renderPage(
          reply,
          request,
          'activity/waitlist',
          {
            title: t('panel.activity.waitlist_title'),
            days: days.map((d) => ({ ...d, rows: d.rows.map((r) => ({ ...r, offerUntil: r.offerExpiresAt ? f.dateTime(r.offerExpiresAt) : '' })) })),
            services: services.map((s) => ({ id: s.id, name: s.name })),
            day: query.day ?? '',
            service: query.service ?? '',
          },
          query.removed ? { notice: 'panel.activity.waitlist_removed' } : {},
        );
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/waitlist/:id/remove',
      access: MANAGER,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const form = parseForm(RemoveForm, request.body);
        if (!form.ok) return reply.code(400).type('text/plain; charset=utf-8').send(request.panel.t('panel.errors.page_bad_request'));
        const entryId = EntryParam.safeParse(request.params).data?.id ?? '';
        // An entry id that is no id is not found, like another business's entry.
        if (!z.uuid().safeParse(entryId).success) throw new NotFound('waitlist entry');
        await leaveWaitlist(deps.ctx, business.businessId, form.data.customerId, entryId, panelActor(request));
        return seeOther(reply, `/admin/b/${business.slug}/waitlist?removed=1`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/audit',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const { t } = request.panel;
        const form = parseForm(ListAuditInput, request.query);
        const values = formValues(request.query);
        const f = panelFormats(request);
        if (!form.ok) {
          const { entityTypes } = await listAuditEntries(deps.ctx, business.businessId, business.timeZone, {});
          return renderPage(reply, request, 'activity/audit', { title: t('panel.activity.audit_title'), originName: f.channel, rows: [], entityTypes, next: null }, { status: 422, errors: form.errors, values });
        }
        const result = await listAuditEntries(deps.ctx, business.businessId, business.timeZone, form.data);
        const params = new URLSearchParams();
        for (const key of ['entityType', 'from', 'to'] as const) if (form.data[key]) params.set(key, form.data[key]);
        if (result.nextBefore) params.set('before', result.nextBefore);
        return renderPage(
          reply,
          request,
          'activity/audit',
          {
            title: t('panel.activity.audit_title'),
            originName: (o: string) => (o === 'panel' || o === 'team_chat' || o === 'chat' || o === 'system' || o === 'admin' || o === 'webchat' ? t(`panel.activity.origin_${o}`) : f.channel(o)),
            rows: result.rows.map((r) => ({ ...r, when: f.dateTime(r.at), detailText: Object.keys(r.details).length > 0 ? JSON.stringify(r.details) : '' })),
            entityTypes: result.entityTypes,
            next: result.nextBefore ? `/admin/b/${business.slug}/audit?${params.toString()}` : null,
            first: form.data.before ? `/admin/b/${business.slug}/audit` : null,
          },
          { values },
        );
      },
    },
  ];
}
