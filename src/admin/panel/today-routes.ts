import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { setupProgress } from '../../app/catalog/setup-progress.ts';
import { deskStamp, todayBoard } from '../../app/front-desk/today-board.ts';
import { STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { deskRows } from './desk-rows.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage } from './panel-view.ts';

const StampQuery = z.object({ stamp: z.string().max(64).optional() });

/** The set-up steps still to do, for admins and owners (staff cannot act on them). */
async function checklist(deps: PanelDeps, request: PanelRequest) {
  const business = request.panel.business!;
  if (business.role !== 'owner' && business.role !== 'admin') return [];
  const { t } = request.panel;
  const progress = await setupProgress(deps.ctx, business.businessId);
  const base = `/admin/b/${business.slug}`;
  const steps = [
    { done: progress.services, label: t('panel.home.step_services'), href: `${base}/services` },
    { done: progress.staff, label: t('panel.home.step_staff'), href: `${base}/staff` },
    { done: progress.hours, label: t('panel.home.step_hours'), href: `${base}/staff` },
    { done: progress.bot, label: t('panel.home.step_bot'), href: `${base}/channels` },
    { done: progress.teamChat, label: t('panel.home.step_team_chat'), href: `${base}/channels` },
  ];
  return steps.every((s) => s.done) ? [] : steps;
}

/** Today's board as the page and its polls draw it. */
async function boardData(deps: PanelDeps, request: PanelRequest, reply: FastifyReply) {
  const business = request.panel.business!;
  const board = await todayBoard(deps.ctx, business.businessId);
  const now = deps.ctx.now();
  const day = new Intl.DateTimeFormat(request.panel.language, { timeZone: business.timeZone, dateStyle: 'full' }).format(now);
  return {
    day,
    stamp: board.stamp,
    rows: deskRows(request, board.bookings, now),
    approvals: deskRows(request, board.approvals, now),
    unpaid: deskRows(request, board.unpaid, now),
    boardUrl: `/admin/b/${business.slug}/today/board`,
    back: `/admin/b/${business.slug}`,
    boardCsrf: reply.generateCsrf(),
  };
}

/**
 * The home page (Today): what waits for the business on top (approvals, unpaid
 * deposits), then today's bookings by time. The board polls `today/board` every few
 * seconds with its change stamp: an unchanged business answers 204 (htmx keeps the
 * page), a changed one the board redrawn — a chat booking, a cancellation or a
 * payment appears without a reload.
 */
export function todayRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug',
      access: STAFF,
      handler: async (request, reply) => {
        const [steps, board] = await Promise.all([checklist(deps, request), boardData(deps, request, reply)]);
        return renderPage(reply, request, 'desk/today', { title: request.panel.t('panel.nav.home'), checklist: steps, ...board });
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/today/board',
      access: STAFF,
      handler: async (request, reply) => {
        const seen = StampQuery.safeParse(request.query).data?.stamp;
        const business = request.panel.business!;
        if (seen !== undefined && seen === (await deskStamp(deps.ctx, business.businessId))) return reply.code(204).header('cache-control', 'no-store').send();
        const html = await reply.viewAsync('desk/board', { t: request.panel.t, base: `/admin/b/${business.slug}`, ...(await boardData(deps, request, reply)) });
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
      },
    },
  ];
}
