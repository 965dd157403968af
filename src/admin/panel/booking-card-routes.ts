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
import { deskBookingCard } from '../../app/front-desk/desk-booking-card.ts';
import { markDepositNotReceived } from '../../app/payments/mark-deposit-not-received.ts';
import { messageCustomer, MessageCustomerInput } from '../../app/conversations/message-customer.ts';
import { LocalDate } from '../../app/shared/input-schemas.ts';
import { createZoneClock, parseLocalDate, parseLocalTime } from '../../domain/index.ts';
import { DESK_ACTIONS, type DeskAction } from './desk-rows.ts';
import { roleAtLeast, STAFF } from './panel-access.ts';
import type { PanelDeps } from './panel-deps.ts';
import { formValues, parseForm } from './panel-form.ts';
import type { PanelRequest, PanelRoute } from './panel-route.ts';
import { attempt, businessActor, cardPost, cardUrl, showCard, Version } from './booking-card-view.ts';
import { seeOther } from './panel-view.ts';

const IdParam = z.object({ id: z.string().max(64) });
const CardQuery = z.object({ resent: z.literal('1').optional(), sent: z.literal('1').optional(), series: z.literal('1').optional(), moved: z.string().regex(/^(all|\d{1,2})$/).optional() });
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
const MessageForm = MessageCustomerInput.pick({ text: true });

type Run = (deps: PanelDeps, request: PanelRequest, bookingId: string, expectedVersion: number) => Promise<unknown>;
const RUN: Record<DeskAction, Run> = {
  approve: (d, r, bookingId, expectedVersion) => approveBooking(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  decline: (d, r, bookingId, expectedVersion) => declineBooking(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  paid: (d, r, bookingId, expectedVersion) => markDepositPaid(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  unpaid: (d, r, bookingId, expectedVersion) => markDepositNotReceived(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  arrived: (d, r, bookingId, expectedVersion) => markCompleted(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
  noshow: (d, r, bookingId, expectedVersion) => markNoShow(d.ctx, r.panel.business!.businessId, businessActor(r), { bookingId, expectedVersion }),
};


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
  const post = (path: string, handle: (request: PanelRequest, reply: FastifyReply, id: string) => Promise<unknown>) => cardPost(deps, path, handle);
  return [
    {
      method: 'GET',
      url: '/b/:slug/bookings/:id',
      access: STAFF,
      handler: async (request, reply) => {
        const query = CardQuery.safeParse(request.query).data;
        const notice = query?.resent ? 'panel.desk.resent' : query?.sent ? 'panel.desk.message_sent' : query?.series ? 'panel.desk.series_booked' : query?.moved === 'all' ? 'panel.desk.series_moved' : query?.moved ? 'panel.desk.series_moved_some' : undefined;
        return showCard(deps, request, reply, IdParam.parse(request.params).id, notice ? { notice } : {});
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
      const { version, reason, tellCustomer } = form.data;
      // Giving back more or less than the refund policy says is the admins' call, as on the payments page.
      const refund = roleAtLeast(request.panel.business!.role, 'admin') ? form.data.refund : 'policy';
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
    post('/message', async (request, reply, id) => {
      const form = parseForm(MessageForm, request.body);
      if (!form.ok) return showCard(deps, request, reply, id, { errors: form.errors, values: form.values });
      const business = request.panel.business!;
      const card = await deskBookingCard(deps.ctx, business.businessId, id);
      const user = request.panel.user!;
      const outcome = await messageCustomer(deps.ctx, business.businessId, businessActor(request), { customerId: card.booking.customerId, text: form.data.text, staffName: user.name, bookingId: id });
      if (outcome.kind === 'no_chat') return showCard(deps, request, reply, id, { errors: { text: 'no_chat' }, values: formValues(request.body) });
      return seeOther(reply, `${cardUrl(request, id)}?sent=1`);
    }),
  ];
}
