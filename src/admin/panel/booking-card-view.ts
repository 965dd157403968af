import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { listStaff } from '../../app/catalog/list-staff.ts';
import { deskBookingCard } from '../../app/front-desk/desk-booking-card.ts';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { createZoneClock, DomainError, SlotTaken, type FreeSlot } from '../../domain/index.ts';
import { HTTP_STATUS_BY_CODE } from '../http-error-handler.ts';
import { deskRows } from './desk-rows.ts';
import { roleAtLeast } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import type { FormValues } from './panel-form.ts';
import { panelActor, type PanelRequest, type PanelRoute } from './panel-route.ts';
import { STAFF } from './panel-access.ts';
import { renderPage, seeOther } from './panel-view.ts';

/** The booking changes the history names in words (others show their audit verb). */
const HISTORY_ACTIONS = new Set(['held', 'hold_released', 'hold_expired', 'created', 'confirmed', 'approved', 'declined', 'cancelled', 'rescheduled', 'completed', 'no_show', 'payment_expired', 'attendance_confirmed', 'details_changed']);


/** The version of the booking a form was drawn from. */
export const Version = z.coerce.number().int().positive();

/** What a card shows besides the booking: a refusal, a series preview, form values and errors, a notice. */
export interface CardPage {
  problem?: Problem;
  /** The visits a "repeat" would book, shown before anything is booked. */
  series?: SeriesPreview;
  values?: FormValues;
  errors?: Record<string, string>;
  notice?: string;
}

/** A series preview as the card shows it. */
export interface SeriesPreview {
  everyWeeks: number;
  count: number;
  visits: { index: number; label: string; free: boolean; reason?: string; alternatives: { startsAt: number; label: string }[] }[];
}

/** The card's address. */
export function cardUrl(request: PanelRequest, id: string): string {
  return `/admin/b/${request.panel.business!.slug}/bookings/${id}`;
}

/** The panel user as the business actor the booking use cases take. */
export function businessActor(request: PanelRequest) {
  const actor = panelActor(request);
  if (actor.kind !== 'business') throw new Error('a panel actor is the business');
  return actor;
}

/** What went wrong with a change, for the card: the message, and nearby free times when a move hit a taken one. */
export interface Problem {
  message: string;
  status: number;
  alternatives?: { startsAt: number; date: string; time: string; staffId: string; label: string }[];
}

/** The booking's card: its facts, the buttons its state offers, cancel and move forms, its history. */
export async function showCard(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, bookingId: string, page: CardPage = {}) {
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
      series: page.series,
      staffOptions: [{ value: '', label: t('panel.desk.same_specialist') }, ...staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))],
      refundOptions: ['policy', 'full', 'none'].map((r) => ({ value: r, label: t(`panel.desk.refund_${r}`) })),
      canRefund: roleAtLeast(business.role, 'admin'),
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

export function problemOf(deps: PanelDeps, request: PanelRequest, error: DomainError): Problem {
  const problem: Problem = { message: deps.translator.describe(error, request.panel.language), status: HTTP_STATUS_BY_CODE[error.code] };
  const alternatives = nearestTimes(request, error);
  if (alternatives.length > 0) problem.alternatives = alternatives;
  return problem;
}

/** The label of a free time the desk offers instead ("Tue 4 Mar, 14:30"), in the business's zone. */
export function slotLabel(request: PanelRequest): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(request.panel.language, { timeZone: request.panel.business!.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** The nearest free times a taken or unavailable slot carries (at most three), as the desk's forms offer them. */
export function nearestTimes(request: PanelRequest, error: DomainError): { startsAt: number; date: string; time: string; staffId: string; label: string }[] {
  const alternatives: readonly FreeSlot[] = error instanceof SlotTaken || error instanceof SlotUnavailable ? error.alternatives : [];
  const label = slotLabel(request);
  return alternatives.slice(0, 3).map((a) => ({ startsAt: a.startsAt, date: a.local.date, time: a.local.time, staffId: a.assignedStaffId, label: label.format(a.startsAt) }));
}

/**
 * A change posted to a booking's card (`/b/:slug/bookings/:id<path>`, staff and above): another
 * business's booking, or none, is not found before the form is read; the handler gets the
 * booking's id and customer.
 */
export function cardPost(deps: PanelDeps, path: string, handle: (request: PanelRequest, reply: FastifyReply, id: string, customerId: string) => Promise<unknown>): PanelRoute {
  return {
    method: 'POST',
    url: `/b/:slug/bookings/:id${path}`,
    access: STAFF,
    handler: async (request, reply) => {
      const { id } = CardIdParam.parse(request.params);
      const card = await deskBookingCard(deps.ctx, request.panel.business!.businessId, id);
      return handle(request, reply, id, card.booking.customerId);
    },
  };
}

const CardIdParam = z.object({ id: z.string().max(64) });

/** Runs a change; an expected refusal (a taken time, a changed booking…) shows the card again with why. */
export async function attempt(deps: PanelDeps, request: PanelRequest, reply: FastifyReply, bookingId: string, change: () => Promise<unknown>, done: string, values?: FormValues) {
  try {
    await change();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return showCard(deps, request, reply, bookingId, { problem: problemOf(deps, request, error), ...(values ? { values } : {}) });
  }
  return seeOther(reply, done);
}
