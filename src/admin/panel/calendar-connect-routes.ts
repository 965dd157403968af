import { z } from 'zod';
import { signCalendarState } from '../../app/calendars/calendar-oauth-state.ts';
import { chooseCalendars } from '../../app/calendars/choose-calendars.ts';
import { completeCalendarConnection } from '../../app/calendars/complete-calendar-connection.ts';
import { disconnectCalendar } from '../../app/calendars/disconnect-calendar.ts';
import { staffForCalendar } from '../../app/calendars/staff-for-calendar.ts';
import { CALENDAR_PROVIDERS } from '../../db/entities/index.ts';
import { calendarAccess } from './calendar-sync-routes.ts';
import { SIGNED_IN, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { seeOther } from './panel-view.ts';
import { staffIdParam } from './staff-routes.ts';

const ProviderParam = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });
const Callback = z.object({ state: z.string().min(1).max(2000), code: z.string().min(1).max(4000) });
const Choice = z.object({ target: z.string().max(1024).default(''), busy: z.union([z.string().max(1024), z.array(z.string().max(1024)).max(50)]).default([]) });

/** Where the provider sends the person back: one fixed URL (providers want it registered). */
export function calendarCallbackUrl(deps: PanelDeps): string {
  return `${deps.publicUrl.replace(/\/+$/, '')}/admin/calendar/callback`;
}

/**
 * Connecting a staff member's Google or Outlook calendar: Connect sends them
 * to the provider's consent with a signed, expiring `state`; the callback stores the
 * tokens sealed; the calendar page then picks busy calendars and the push target, or
 * disconnects (tokens revoked where the provider can, else only deleted). A staff-role user only for themselves. A provider that
 * is not set up: back to the calendar page, nothing done.
 */
export function calendarConnectRoutes(deps: PanelDeps): PanelRoute[] {
  const sync = deps.calendars?.sync;
  const providerOf = (request: PanelRequest) => {
    const name = ProviderParam.safeParse(request.params).data?.provider;
    return name && sync?.providers[name] ? { name, provider: sync.providers[name] } : null;
  };
  const page = (request: PanelRequest, notice = 'saved') => `/admin/b/${request.panel.business!.slug}/staff/${staffIdParam(request)}/calendar?${notice}=1`;
  return [
    // A link, not a form: the panel's CSP (form-action 'self') would stop a form redirected to Google.
    // It only signs a state and redirects: nothing changes until the callback.
    {
      method: 'GET',
      url: '/b/:slug/staff/:id/calendar/:provider/connect',
      access: STAFF,
      handler: async (request, reply) => {
        const chosen = providerOf(request);
        if (!chosen || !sync) return seeOther(reply, page(request, 'off'));
        const business = request.panel.business!;
        const staff = await staffForCalendar(deps.ctx, business.businessId, staffIdParam(request), calendarAccess(request));
        const state = signCalendarState(deps.appSecret, { businessId: business.businessId, staffId: staff.id, userId: request.panel.user!.id, provider: chosen.name }, deps.ctx.now());
        return seeOther(reply, chosen.provider.authUrl(state, calendarCallbackUrl(deps)));
      },
    },
    {
      method: 'GET',
      url: '/calendar/callback',
      access: SIGNED_IN,
      handler: async (request, reply) => {
        const query = Callback.safeParse(request.query);
        if (!query.success || !sync) return seeOther(reply, '/admin');
        const { businessId, staffId } = await completeCalendarConnection(deps.ctx, sync, request.panel.user!.id, deps.appSecret, { ...query.data, redirectUri: calendarCallbackUrl(deps) });
        const slug = request.panel.user!.businesses.find((b) => b.businessId === businessId)?.slug;
        return seeOther(reply, slug ? `/admin/b/${slug}/staff/${staffId}/calendar?connected=1` : '/admin');
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/calendar/:provider/calendars',
      access: STAFF,
      handler: async (request, reply) => {
        const chosen = providerOf(request);
        if (!chosen) return seeOther(reply, page(request, 'off'));
        const form = Choice.safeParse(formValues(request.body));
        if (!form.success) return reply.code(400).type('text/plain; charset=utf-8').send(request.panel.t('panel.calendars.bad_choice'));
        const busy = (Array.isArray(form.data.busy) ? form.data.busy : [form.data.busy]).filter((id) => id !== '');
        await chooseCalendars(deps.ctx, request.panel.business!.businessId, panelActor(request), { staffId: staffIdParam(request), provider: chosen.name, target: form.data.target, busy }, calendarAccess(request));
        return seeOther(reply, page(request));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/calendar/:provider/disconnect',
      access: STAFF,
      handler: async (request, reply) => {
        const chosen = providerOf(request);
        if (!chosen || !sync) return seeOther(reply, page(request, 'off'));
        const { revoked } = await disconnectCalendar(deps.ctx, sync, request.panel.business!.businessId, panelActor(request), { staffId: staffIdParam(request), provider: chosen.name }, calendarAccess(request));
        // Where the provider cannot revoke (Outlook), the page says only our tokens are gone.
        return seeOther(reply, page(request, revoked ? 'disconnected' : 'forgotten'));
      },
    },
  ];
}
