import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CalendarSettings } from '../../app/calendars/calendar-feed-token.ts';
import { staffCalendarConnections } from '../../app/calendars/calendar-connection-view.ts';
import { calendarsInTrouble } from '../../app/calendars/calendars-in-trouble.ts';
import { CALENDAR_PROVIDERS } from '../../db/entities/index.ts';
import { rotateCalendarFeed } from '../../app/calendars/rotate-calendar-feed.ts';
import { showCalendarFeed } from '../../app/calendars/show-calendar-feed.ts';
import type { ScheduleAccess } from '../../app/catalog/schedule-access.ts';
import { ADMIN, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';
import { staffIdParam } from './staff-routes.ts';

const RotatedQuery = z.object({ rotated: z.literal('1') });
const NOTICES = { rotated: 'panel.calendars.rotated', connected: 'panel.calendars.connected', saved: 'panel.calendars.saved', disconnected: 'panel.calendars.disconnected', forgotten: 'panel.calendars.disconnected_forgotten' } as const;
const NoticeQuery = z.object({ rotated: z.string(), connected: z.string(), saved: z.string(), disconnected: z.string(), forgotten: z.string() }).partial();

/** Feed URLs are sealed under the calendars' secrets (default APP_SECRET) and start with the public URL. */
export function calendarSettings(deps: PanelDeps): CalendarSettings {
  return { secrets: deps.calendars?.secrets ?? deps.appSecret, publicUrl: deps.publicUrl };
}

/** Managers and up may open anyone's calendar page; a staff-role user only their own (any other is 404 in the use case). */
export function calendarAccess(request: PanelRequest): ScheduleAccess {
  return request.panel.business?.role === 'staff' ? { ownUserId: request.panel.user?.id ?? '' } : {};
}

/** A staff member's calendar page: their private feed (and, with Google set up, the calendar connection). */
export async function staffCalendarPage(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, extra: Record<string, unknown> = {}): Promise<FastifyReply> {
  const business = request.panel.business!;
  const feed = await showCalendarFeed(deps.ctx, calendarSettings(deps), business.businessId, { staffId: staffIdParam(request) }, calendarAccess(request));
  const title = request.panel.t('panel.calendars.staff_title', { name: feed.staff?.name ?? '' });
  const sync = deps.calendars?.sync;
  const connections = sync ? await staffCalendarConnections(deps.ctx, sync, business.businessId, feed.staff!.id) : [];
  const providers = sync ? CALENDAR_PROVIDERS.filter((p) => sync.providers[p] && !connections.some((c) => c.provider === p)) : [];
  const notice = Object.keys(NOTICES).find((k) => NoticeQuery.safeParse(request.query).data?.[k as keyof typeof NOTICES] === '1');
  return renderPage(reply, request, 'calendars/staff', { title, feed, connections, providers, canListStaff: business.role !== 'staff', ...extra }, { ...(notice ? { notice: NOTICES[notice as keyof typeof NOTICES] } : {}) });
}

function rotatedNotice(request: PanelRequest): boolean {
  return RotatedQuery.safeParse(request.query).success;
}

/**
 * Calendar feeds: each staff member's private ICS feed on their calendar page
 * (`…/staff/:id/calendar`, staff only their own) and the whole business's on
 * `…/calendars` (admins and owners, with the connected calendars in trouble and why);
 * each rotatable (the old URL stops at once).
 */
export function calendarSyncRoutes(deps: PanelDeps): PanelRoute[] {
  const settings = calendarSettings(deps);
  return [
    {
      method: 'GET',
      url: '/b/:slug/staff/:id/calendar',
      access: STAFF,
      handler: (request, reply) => staffCalendarPage(deps, request, reply),
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/calendar/feed/rotate',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        await rotateCalendarFeed(deps.ctx, settings, business.businessId, panelActor(request), { staffId: staffIdParam(request) }, calendarAccess(request));
        return seeOther(reply, `/admin/b/${business.slug}/staff/${staffIdParam(request)}/calendar?rotated=1`);
      },
    },
    {
      method: 'GET',
      url: '/b/:slug/calendars',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const feed = await showCalendarFeed(deps.ctx, settings, business.businessId, {});
        const trouble = await calendarsInTrouble(deps.ctx, business.businessId);
        return renderPage(reply, request, 'calendars/business', { title: request.panel.t('panel.calendars.title'), feed, trouble }, { ...(rotatedNotice(request) ? { notice: 'panel.calendars.rotated' } : {}) });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/calendars/feed/rotate',
      access: ADMIN,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        await rotateCalendarFeed(deps.ctx, settings, business.businessId, panelActor(request), {});
        return seeOther(reply, `/admin/b/${business.slug}/calendars?rotated=1`);
      },
    },
  ];
}
