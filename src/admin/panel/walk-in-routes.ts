import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { createBooking } from '../../app/booking/create-booking.ts';
import { listServices } from '../../app/catalog/list-services.ts';
import { listStaff } from '../../app/catalog/list-staff.ts';
import { customerAtDesk } from '../../app/customers/customer-at-desk.ts';
import { LocalDate } from '../../app/shared/input-schemas.ts';
import { createZoneClock, DomainError, parseLocalDate, parseLocalTime } from '../../domain/index.ts';
import { nearestTimes } from './booking-card-view.ts';
import { HTTP_STATUS_BY_CODE } from '../http-error-handler.ts';
import { STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const StartQuery = z.object({ staff: z.uuid().optional(), start: z.coerce.number().int().positive().optional() });
const WalkInForm = z.object({
  staff: z.uuid('invalid'),
  service: z.uuid('invalid'),
  date: LocalDate,
  time: z.string().regex(/^\d{1,2}:\d{2}$/, 'invalid_time'),
  phone: z.string().trim().min(1, 'phone_required').max(32, 'invalid_phone'),
  name: z.string().trim().max(200, 'too_big').default(''),
  notes: z.string().trim().max(2000, 'too_big').default(''),
  force: z.preprocess((v) => v === 'on' || (Array.isArray(v) && v.includes('on')), z.boolean()),
  /** One form, one booking: a double click or a resent form books once. */
  key: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});

interface Problem {
  message: string;
  alternatives: { date: string; time: string; staffId: string; label: string }[];
}

async function showForm(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, values: FormValues, page: { errors?: Record<string, string>; problem?: Problem; status?: number } = {}) {
  const business = request.panel.business!;
  const { t } = request.panel;
  const [staff, services] = await Promise.all([listStaff(deps.ctx, business.businessId), listServices(deps.ctx, business.businessId)]);
  return renderPage(
    reply,
    request,
    'desk/walk-in',
    {
      title: t('panel.calendar.walk_in_title'),
      staffOptions: staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name })),
      serviceOptions: services.filter((s) => s.active).map((s) => ({ value: s.id, label: `${s.name} · ${t('panel.calendar.minutes', { minutes: s.durationMinutes })}` })),
      problem: page.problem,
    },
    { status: page.status ?? (page.errors ? 422 : 200), errors: page.errors ?? {}, values },
  );
}

/**
 * A walk-in or a phone customer booked from the calendar: the specialist and time of
 * the free cell pressed, a service, and the customer found by phone (or added). Booked
 * through `createBooking` (confirmed at once, both sides told); "outside hours" books
 * an exception (overlaps stay impossible). A taken time shows the nearest free ones.
 */
export function walkInRoutes(deps: PanelDeps): PanelRoute[] {
  return [
    {
      method: 'GET',
      url: '/b/:slug/calendar/book',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const query = StartQuery.safeParse(request.query);
        const start = query.success && query.data.start ? query.data.start : deps.ctx.now();
        const local = createZoneClock(business.timeZone).label(Math.min(Math.max(start, Date.UTC(2000, 0, 1)), Date.UTC(2199, 11, 31)));
        return showForm(deps, request, reply, { staff: query.success ? (query.data.staff ?? '') : '', date: local.date, time: local.time, force: '', key: crypto.randomUUID() });
      },
    },
    {
      method: 'POST',
      url: '/b/:slug/calendar/book',
      access: STAFF,
      handler: async (request, reply) => {
        const business = request.panel.business!;
        const values = formValues(request.body);
        const form = parseForm(WalkInForm, request.body);
        if (!form.ok) return showForm(deps, request, reply, values, { errors: form.errors });
        const day = parseLocalDate(form.data.date);
        const minute = parseLocalTime(form.data.time);
        if (day === null || minute === null) return showForm(deps, request, reply, values, { errors: { time: 'invalid_time' } });
        const actor = panelActor(request);
        if (actor.kind !== 'business') throw new Error('a panel actor is the business');
        try {
          const customer = await customerAtDesk(deps.ctx, business.businessId, actor, { phone: form.data.phone, name: form.data.name });
          const booking = await createBooking(deps.ctx, business.businessId, actor, {
            customerId: customer.id,
            serviceId: form.data.service,
            staffId: form.data.staff,
            startsAt: createZoneClock(business.timeZone).toInstant(day, minute),
            notes: form.data.notes,
            force: form.data.force,
            source: 'admin',
            idempotencyKey: `desk:${form.data.key}`,
          });
          return seeOther(reply, `/admin/b/${business.slug}/bookings/${booking.id}`);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          if (error.i18nKey === 'errors.invalid_phone') return showForm(deps, request, reply, values, { errors: { phone: 'invalid_phone' } });
          const problem: Problem = {
            message: deps.translator.describe(error, request.panel.language),
            alternatives: nearestTimes(request, error),
          };
          return showForm(deps, request, reply, values, { problem, status: HTTP_STATUS_BY_CODE[error.code] });
        }
      },
    },
  ];
}
