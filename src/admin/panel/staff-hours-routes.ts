import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { addTimeOff, TimeOffInput } from '../../app/catalog/add-time-off.ts';
import { InvalidField } from '../../app/catalog/invalid-field.ts';
import { removeDateOverride } from '../../app/catalog/remove-date-override.ts';
import { removeTimeOff } from '../../app/catalog/remove-time-off.ts';
import type { ScheduleAccess } from '../../app/catalog/schedule-access.ts';
import { DateOverrideInput, setDateOverride } from '../../app/catalog/set-date-override.ts';
import { setWeeklyHours, WeeklyHoursInput } from '../../app/catalog/set-weekly-hours.ts';
import { staffSchedule } from '../../app/catalog/staff-schedule.ts';
import { STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';
import { savedNotice, staffIdParam } from './staff-routes.ts';
import { panelActor } from './panel-route.ts';

const ItemParams = z.object({ itemId: z.string().max(64) });
const TUESDAY_TO_FRIDAY = ['d2', 'd3', 'd4', 'd5'] as const;

/**
 * Whose schedule the user may touch: managers and up anyone's; a `staff` user only the
 * staff member linked to their account (any other is not found, in the use case).
 */
function scheduleAccess(request: PanelRequest): ScheduleAccess {
  return request.panel.business?.role === 'staff' ? { ownUserId: request.panel.user?.id ?? '' } : {};
}

function itemIdParam(request: PanelRequest): string {
  return ItemParams.safeParse(request.params).data?.itemId ?? '';
}

async function schedulePage(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, options: { status?: number; errors?: Record<string, string>; values?: FormValues; notice?: string } = {}) {
  const business = request.panel.business!;
  const schedule = await staffSchedule(deps.ctx, business.businessId, staffIdParam(request), scheduleAccess(request));
  const title = request.panel.t('panel.staff.schedule_title', { name: schedule.staff.name });
  const canListStaff = business.role !== 'staff';
  return renderPage(reply, request, 'staff/hours', { title, schedule, canListStaff }, options);
}

/**
 * A staff member's schedule: weekly hours with several intervals a day (and "copy
 * Monday to Tuesday–Friday"), date overrides and time off. Declared for `staff`:
 * managers and up may edit anyone's schedule, a staff user only their own — the use
 * cases check that with {@link ScheduleAccess} and answer 404 for anyone else's.
 */
export function staffHoursRoutes(deps: PanelDeps): PanelRoute[] {
  const hoursUrl = (request: PanelRequest, anchor: string) => `/admin/b/${request.panel.business!.slug}/staff/${staffIdParam(request)}/hours?saved=1#${anchor}`;
  // Runs a schedule change; a value the use case refuses is shown next to its field.
  const change = async (request: PanelRequest, reply: FastifyReply, values: FormValues, anchor: string, run: () => Promise<unknown>) => {
    try {
      await run();
      return seeOther(reply, hoursUrl(request, anchor));
    } catch (error) {
      if (error instanceof InvalidField) return schedulePage(deps, request, reply, { status: 422, errors: { [error.field]: error.reason }, values });
      throw error;
    }
  };

  return [
    {
      method: 'GET',
      url: '/b/:slug/staff/:id/hours',
      access: STAFF,
      handler: async (request, reply) => schedulePage(deps, request, reply, { notice: savedNotice(request) }),
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/hours',
      access: STAFF,
      handler: async (request, reply) => {
        const values = formValues(request.body);
        if (values['copy_monday'] !== undefined) for (const day of TUESDAY_TO_FRIDAY) values[day] = values['d1'] ?? '';
        const form = parseForm(WeeklyHoursInput, values);
        if (!form.ok) return schedulePage(deps, request, reply, { status: 422, errors: form.errors, values });
        const business = request.panel.business!;
        return change(request, reply, values, 'weekly', () => setWeeklyHours(deps.ctx, business.businessId, panelActor(request), staffIdParam(request), values, scheduleAccess(request)));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/overrides',
      access: STAFF,
      handler: async (request, reply) => {
        const form = parseForm(DateOverrideInput, request.body);
        const values = formValues(request.body);
        if (!form.ok) return schedulePage(deps, request, reply, { status: 422, errors: form.errors, values });
        const business = request.panel.business!;
        return change(request, reply, values, 'overrides', () => setDateOverride(deps.ctx, business.businessId, panelActor(request), staffIdParam(request), values, scheduleAccess(request)));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/overrides/:itemId/remove',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        return change(request, reply, {}, 'overrides', () => removeDateOverride(deps.ctx, business.businessId, panelActor(request), staffIdParam(request), itemIdParam(request), scheduleAccess(request)));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/time-off',
      access: STAFF,
      handler: async (request, reply) => {
        const form = parseForm(TimeOffInput, request.body);
        const values = formValues(request.body);
        if (!form.ok) return schedulePage(deps, request, reply, { status: 422, errors: form.errors, values });
        const business = request.panel.business!;
        return change(request, reply, values, 'time-off', () => addTimeOff(deps.ctx, business.businessId, panelActor(request), staffIdParam(request), values, scheduleAccess(request)));
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/staff/:id/time-off/:itemId/remove',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        return change(request, reply, {}, 'time-off', () => removeTimeOff(deps.ctx, business.businessId, panelActor(request), staffIdParam(request), itemIdParam(request), scheduleAccess(request)));
      },
    },
  ];
}
