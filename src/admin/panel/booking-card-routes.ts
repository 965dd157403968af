import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { approveBooking } from '../../app/booking/approve-booking.ts';
import { cancelBooking } from '../../app/booking/cancel-booking.ts';
import { declineBooking } from '../../app/booking/decline-booking.ts';
import { markCompleted } from '../../app/booking/mark-completed.ts';
import { markDepositPaid } from '../../app/booking/mark-deposit-paid.ts';
import { markNoShow } from '../../app/booking/mark-no-show.ts';
import { rescheduleBooking } from '../../app/booking/reschedule-booking.ts';
import { resendConfirmation } from '../../app/booking/resend-confirmation.ts';
import { listStaff } from '../../app/catalog/list-staff.ts';
import { deskBookingCard } from '../../app/front-desk/desk-booking-card.ts';
import { markDepositNotReceived } from '../../app/payments/mark-deposit-not-received.ts';
import { LocalDate } from '../../app/shared/input-schemas.ts';
import { createZoneClock, DomainError, parseLocalDate, parseLocalTime, SlotTaken, type FreeSlot } from '../../domain/index.ts';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { HTTP_STATUS_BY_CODE } from '../http-error-handler.ts';
import { DESK_ACTIONS, deskRows, type DeskAction } from './desk-rows.ts';
import { STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm, type FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { renderPage, seeOther } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const CardQuery = z.object({ resent: z.literal('1').optional() });

/** The booking changes the history names in words (others show their audit verb). */
const HISTORY_ACTIONS = new Set(['held', 'hold_released', 'hold_expired', 'created', 'confirmed', 'approved', 'declined', 'cancelled', 'rescheduled', 'completed', 'no_show', 'payment_expired', 'attendance_confirmed', 'details_changed']);
const Version = z.coerce.number().int().positive();
/** Where to go after an action: a page of this panel only. */
const Back = z.string().max(300).regex(/^\/admin\/b\/[a-z0-9-]+(\/[A-Za-z0-9/_.?=&%-]*)?$/).optional();

const ActForm = z.object({ action: z.enum(DESK_ACTIONS), version: Version, back: Back });
const CancelForm = z.object({
  version: Version,
  reason: z.string().trim().max(500).default(''),
  tellCustomer: z.preprocess((v) => v === 'on' || (Array.isArray(v) && v.includes('on')), z.boolean()),
  refund: z.enum(['policy', 'full', 'none']).default('policy'),
});
const MoveForm = z.object({ version: Version, date: LocalDate, time: z.string().regex(/^\d{1,2}:\d{2}$/, 'invalid_time'), staff: z.union([z.literal(''), z.uuid()]).default('') });
const ResendForm = z.object({ version: Version });

type Run = (deps: PanelDeps, request: PanelRequest, bookingId: string, expectedVersion: number) => Promise<unknown>;
const RUN: Record<DeskAction, Run> = {
  approve: (d, r, bookingId, expectedVersion) => approveBooking(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  decline: (d, r, bookingId, expectedVersion) => declineBooking(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  paid: (d, r, bookingId, expectedVersion) => markDepositPaid(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  unpaid: (d, r, bookingId, expectedVersion) => markDepositNotReceived(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  arrived: (d, r, bookingId, expectedVersion) => markCompleted(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  noshow: (d, r, bookingId, expectedVersion) => markNoShow(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
};

function businessActor(request: PanelRequest) {
  const actor = panelActor(request);
  if (actor.kind !== 'business') throw new Error('a panel actor is the business');
  return actor;
}

/** What went wrong with a change, for the card: the message, and nearby free times when a move hit a taken one. */
interface Problem {
  message: string;
  status: number;
  alternatives?: { startsAt: number; date: string; time: string; staffId: string; label: string }[];
}

/** The booking's card: its facts, the buttons its state offers, cancel and move forms, its history. */
async function showCard(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, bookingId: string, page: { problem?: Problem; values?: FormValues; errors?: Record<string, string>; notice?: string } = {}) {
  const business = request.panel.business!;
  const { t, language } = request.panel;
  const [card, staff] = await Promise.all([deskBookingCard(deps.ctx, business.businessId, bookingId), listStaff(deps.ctx, business.businessId)]);
  const [row] = deskRows(request, [card.booking], deps.ctx.now());
  const when = new Intl.DateTimeFormat(language, { timeZone: business.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const clock = createZoneClock(business.timeZone);
  const local = clock.label(card.booking.startsAt);
  const history = card.history.map((h) => ({ ...h, when: when.format(h.at), who: t(`panel.desk.actor.${h.actorKind}`), what: historyLabel(t, h.action) }));
  return renderPage(
    reply,
    request,
    'desk/booking',
    {
      title: t('panel.desk.booking_title'),
      row,
      history,
      problem: page.problem,
      staffOptions: [{ value: '', label: t('panel.desk.same_specialist') }, ...staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))],
      refundOptions: ['policy', 'full', 'none'].map((r) => ({ value: r, label: t(`panel.desk.refund_${r}`) })),
      back: `/admin/b/${business.slug}/bookings/${bookingId}`,
    },
    {
      status: page.problem?.status ?? (page.errors ? 422 : 200),
      errors: page.errors,
      notice: page.notice,
      values: page.values ?? { date: local.date, time: local.time, staff: '', tellCustomer: 'on', refund: 'policy' },
    },
  );
}

function historyLabel(t: PanelRequest['panel']['t'], action: string): string {
  const verb = action.replace(/^booking\./, '');
  return HISTORY_ACTIONS.has(verb) ? t(`panel.desk.history.${verb}`) : action;
}

function problemOf(deps: PanelDeps, request: PanelRequest, error: DomainError): Problem {
  const problem: Problem = { message: deps.translator.describe(error, request.panel.language), status: HTTP_STATUS_BY_CODE[error.code] };
  const alternatives: readonly FreeSlot[] = error instanceof SlotTaken || error instanceof SlotUnavailable ? error.alternatives : [];
  if (alternatives.length > 0) {
    const label = new Intl.DateTimeFormat(request.panel.language, { timeZone: request.panel.business!.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    problem.alternatives = alternatives.slice(0, 3).map((a) => ({ startsAt: a.startsAt, date: a.local.date, time: a.local.time, staffId: a.assignedStaffId, label: label.format(a.startsAt) }));
  }
  return problem;
}

/** Runs a change; an expected refusal (a taken time, a changed booking…) shows the card again with why. */
async function attempt(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, bookingId: string, change: () => Promise<unknown>, done: string, values?: FormValues) {
  try {
    await change();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return showCard(deps, request, reply, bookingId, { problem: problemOf(deps, request, error), ...(values ? { values } : {}) });
  }
  return seeOther(reply, done);
}

/**
 * One booking at the desk: its card, and the changes the panel makes to it through the
 * same use cases as the chats (the notifications, the audit and the exclusion
 * constraint apply): approve or decline, paid or not received, arrived or no-show,
 * cancel with a reason (told to the customer or not, a paid deposit refunded by policy,
 * fully or not at all), move to another time or specialist, send the confirmation
 * again. Every form names the version it was drawn from: a change on a stale page shows
 * the booking as it is now instead.
 */
export function bookingCardRoutes(deps: PanelDeps): PanelRoute[] {
  const cardUrl = (request: PanelRequest, id: string) => `/admin/b/${request.panel.business!.slug}/bookings/${id}`;
  const post = (path: string, handle: (request: PanelRequest, reply: FastifyReply, id: string) => Promise<unknown>): PanelRoute => ({
    method: 'POST',
    url: `/b/:slug/bookings/:id${path}`,
    access: STAFF,
    handler: async (request, reply) => {
      const { id } = IdParam.parse(request.params);
      // Another business's booking (or no booking) is not found before the form is read.
      await deskBookingCard(deps.ctx, request.panel.business!.businessId, id);
      return handle(request, reply, id);
    },
  });
  return [
    {
      method: 'GET',
      url: '/b/:slug/bookings/:id',
      access: STAFF,
      handler: async (request, reply) => {
        const resent = CardQuery.safeParse(request.query).data?.resent === '1';
        return showCard(deps, request, reply, IdParam.parse(request.params).id, resent ? { notice: 'panel.desk.resent' } : {});
      },
    },
    post('/act', async (request, reply, id) => {
      const form = parseForm(ActForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors });
      const { action, version, back } = form.data;
      return attempt(deps, request, reply, id, () => RUN[action](deps, request, id, version), back && back.startsWith(`/admin/b/${request.panel.business!.slug}`) ? back : cardUrl(request, id));
    }),
    post('/cancel', async (request, reply, id) => {
      const form = parseForm(CancelForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const { version, reason, tellCustomer, refund } = form.data;
      const businessId = request.panel.business!.businessId;
      return attempt(deps, request, reply, id, () => cancelBooking(deps.ctx, businessId, businessActor(request), { bookingId: id, expectedVersion: version, reason, tellCustomer, refund }), cardUrl(request, id), formValues(request.body));
    }),
    post('/move', async (request, reply, id) => {
      const form = parseForm(MoveForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const business = request.panel.business!;
      const day = parseLocalDate(form.data.date);
      const minute = parseLocalTime(form.data.time);
      if (day === null || minute === null) return showCard(deps, request, reply, id, { errors: { time: 'invalid_time' }, values: formValues(request.body) });
      const startsAt = createZoneClock(business.timeZone).toInstant(day, minute);
      const staffId = form.data.staff === '' ? undefined : form.data.staff;
      return attempt(deps, request, reply, id, () => rescheduleBooking(deps.ctx, business.businessId, businessActor(request), { bookingId: id, expectedVersion: form.data.version, startsAt, ...(staffId ? { staffId } : {}) }), cardUrl(request, id), formValues(request.body));
    }),
    post('/resend', async (request, reply, id) => {
      const form = parseForm(ResendForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors });
      return attempt(deps, request, reply, id, () => resendConfirmation(deps.ctx, request.panel.business!.businessId, businessActor(request), { bookingId: id, expectedVersion: form.data.version }), `${cardUrl(request, id)}?resent=1`);
    }),
  ];
}
