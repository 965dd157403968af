import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BookingPageBusiness } from '../../app/booking-page/booking-page-business.ts';
import { bookingManagePath, bookingManageTokenValid } from '../../app/booking-page/booking-manage-link.ts';
import { bookingDetails, type BookingDetails } from '../../app/booking/booking-details.ts';
import { cancelBooking } from '../../app/booking/cancel-booking.ts';
import { rescheduleBooking } from '../../app/booking/reschedule-booking.ts';
import { bookingCalendarUrl } from '../../app/calendars/booking-calendar-link.ts';
import { paymentReturnUrls, requestPayment } from '../../app/payments/request-payment.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { pageProblem } from './booking-page-errors.ts';
import { pageFrame, seeOther, sendPage, type PageFrame } from './booking-page-frame.ts';
import type { PageLimits } from './booking-page-limits.ts';
import { readCarry } from './booking-page-query.ts';
import { freeMonth, freeTimes } from './booking-page-steps.ts';
import { businessOf, formsOnly, manageLinks, MAX_PAGE_BODY_BYTES } from './booking-page-request.ts';

const ManageParams = z.object({ slug: z.string().max(64), bookingId: z.uuid() });
const Signature = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });
const MoveQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(), date: z.iso.date().optional() });
const MoveForm = z.object({ startsAt: z.string().regex(/^\d{10,15}$/).transform(Number) });
const Notice = z.object({ new: z.literal('1').optional(), moved: z.literal('1').optional(), cancelled: z.literal('1').optional() }).catch({});

/**
 * The booking's private manage page, `/b/<slug>/m/<booking id>?t=<signature>` (HMAC of
 * APP_SECRET; one signed before a rotation still opens): what was booked, add to
 * calendar, the deposit's payment link, the chats to continue in; another time or a
 * cancellation by the customer, within the business's cutoffs. A wrong signature,
 * business or booking is the same 404.
 */
export function addBookingManageRoutes(scope: FastifyInstance, deps: BookingPageDeps, views: Eta, limits: PageLimits): void {
  /** The business and booking a signed link names, or null. */
  const signed = async (request: FastifyRequest, source: unknown): Promise<{ business: BookingPageBusiness; booking: BookingDetails; t: string; frame: PageFrame } | null> => {
    const params = ManageParams.safeParse(request.params);
    const signature = Signature.safeParse(source);
    if (!params.success || !signature.success || !bookingManageTokenValid(manageLinks(deps), params.data.bookingId, signature.data.t)) return null;
    const business = await businessOf(deps, request);
    if (!business) return null;
    const frame = pageFrame(deps, request, business, readCarry(source));
    const booking = await bookingDetails(deps.ctx, business.id, params.data.bookingId, undefined, frame.language).catch(() => null);
    if (!booking || booking.status === 'held') return null;
    return { business, booking, t: signature.data.t, frame };
  };
  const manageUrl = (frame: PageFrame, booking: BookingDetails, notice?: Record<string, string>) => frame.link(bookingManagePath(manageLinks(deps), frame.business.slug, booking.id), notice);
  const changeable = (booking: BookingDetails) => (booking.status === 'pending' || booking.status === 'confirmed') && booking.startsAt > deps.ctx.now();

  scope.get('/:slug/m/:bookingId', { onRequest: limits.page }, async (request, reply) => {
    const found = await signed(request, request.query);
    if (!found) return pageProblem(deps, views, request, reply, 404);
    const { business, booking, frame } = found;
    const payment = await depositLink(deps, business, booking, frame);
    const calendar = deps.ctx.links && booking.status !== 'cancelled' ? bookingCalendarUrl(deps.ctx.links, business.slug, booking.id) : null;
    const notice = Notice.parse(request.query);
    return sendPage(reply, request, views, '/manage', { ...frame, booking, t_: found.t, payment, calendar, notice, changeable: changeable(booking), moveUrl: frame.link(`${frame.base}/m/${booking.id}/move`, { t: found.t }) });
  });

  scope.post('/:slug/m/:bookingId/cancel', { bodyLimit: MAX_PAGE_BODY_BYTES, onRequest: [formsOnly, limits.post] }, async (request, reply) => {
    const found = await signed(request, request.body);
    if (!found) return pageProblem(deps, views, request, reply, 404);
    const { business, booking, frame } = found;
    await cancelBooking(deps.ctx, business.id, { kind: 'customer', customerId: booking.customerId }, { bookingId: booking.id, reason: 'cancelled on the booking page' });
    return seeOther(reply, manageUrl(frame, booking, { cancelled: '1' }));
  });

  scope.get('/:slug/m/:bookingId/move', { onRequest: limits.page }, async (request, reply) => {
    const found = await signed(request, request.query);
    if (!found) return pageProblem(deps, views, request, reply, 404);
    const { business, booking, frame } = found;
    const query = MoveQuery.safeParse(request.query);
    if (!query.success) return pageProblem(deps, views, request, reply, 400);
    if (!changeable(booking)) return seeOther(reply, manageUrl(frame, booking));
    const base = `${frame.base}/m/${booking.id}/move`;
    const data = { ...frame, booking, t_: found.t, moveBase: base, backUrl: manageUrl(frame, booking) };
    if (!query.data.date) return sendPage(reply, request, views, '/move', { ...data, grid: await freeMonth(deps.ctx, business, booking.serviceId, booking.staffId, query.data.month), date: null, times: [] });
    const times = (await freeTimes(deps.ctx, business, booking.serviceId, booking.staffId, query.data.date)).filter((time) => time.startsAt !== booking.startsAt);
    return sendPage(reply, request, views, '/move', { ...data, grid: null, date: query.data.date, times });
  });

  scope.post('/:slug/m/:bookingId/move', { bodyLimit: MAX_PAGE_BODY_BYTES, onRequest: [formsOnly, limits.post] }, async (request, reply: FastifyReply) => {
    const found = await signed(request, request.body);
    if (!found) return pageProblem(deps, views, request, reply, 404);
    const { business, booking, frame } = found;
    const form = MoveForm.safeParse(request.body);
    if (!form.success) return pageProblem(deps, views, request, reply, 400);
    await rescheduleBooking(deps.ctx, business.id, { kind: 'customer', customerId: booking.customerId }, { bookingId: booking.id, startsAt: form.data.startsAt });
    return seeOther(reply, manageUrl(frame, booking, { moved: '1' }));
  });
}

/** The deposit's payment link while the booking waits for it, as the chat gives it (asked again, the same payment). */
async function depositLink(deps: BookingPageDeps, business: BookingPageBusiness, booking: BookingDetails, frame: PageFrame): Promise<{ link: string; amount: string } | null> {
  const settings = deps.ctx.payments;
  if (!settings || booking.status !== 'pending' || booking.awaiting !== 'payment') return null;
  const outcome = await requestPayment(deps.ctx, business.id, settings.providers, {
    bookingId: booking.id,
    language: frame.language,
    description: frame.t('chat.page.manage.deposit_for', { service: booking.serviceName, when: frame.when(booking.startsAt, business.timeZone) }),
    ...paymentReturnUrls(settings.publicUrl, business.slug, booking.id),
  });
  if (outcome.kind !== 'payment' || !outcome.payment.link) return null;
  return { link: outcome.payment.link, amount: frame.price(outcome.payment.amountMinor, outcome.payment.currency) };
}
