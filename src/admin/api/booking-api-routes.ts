import { z } from 'zod';
import { cancelBooking, CancelBookingInput } from '../../app/booking/cancel-booking.ts';
import { confirmBooking, ConfirmBookingInput } from '../../app/booking/confirm-booking.ts';
import { createBooking, CreateBookingInput } from '../../app/booking/create-booking.ts';
import { holdSlot, HoldSlotInput } from '../../app/booking/hold-slot.ts';
import { rescheduleBooking, RescheduleBookingInput } from '../../app/booking/reschedule-booking.ts';
import { deskBookingCard } from '../../app/front-desk/desk-booking-card.ts';
import { listBookings, ListBookingsInput } from '../../app/front-desk/list-bookings.ts';
import type { BookingView } from '../../app/booking/booking-view.ts';
import type { Actor } from '../../app/shared/use-case-context.ts';
import type { ApiDeps } from './api-deps.ts';
import { apiRoute, type ApiRoute } from './api-route.ts';
import { BookingBody, BookingRecordBody, pageOf } from './api-schemas.ts';

/** The API acts as the business (no person: the audit log shows a business change with no user). */
export const API_ACTOR: Extract<Actor, { kind: 'business' }> = { kind: 'business', userId: null };

const BookingId = z.object({ id: ConfirmBookingInput.shape.bookingId });
const ListQuery = ListBookingsInput.omit({ after: true }).extend({ cursor: ListBookingsInput.shape.after });
const HoldBody = HoldSlotInput.pick({ customerId: true, serviceId: true, staffId: true, startsAt: true, campaign: true });
const CreateBody = CreateBookingInput.pick({ customerId: true, serviceId: true, staffId: true, startsAt: true, notes: true });
const RescheduleBody = RescheduleBookingInput.omit({ bookingId: true });
const CancelBody = CancelBookingInput.omit({ bookingId: true });

// The view types `awaiting` from the entity (`| undefined`); it is always written, null when not awaiting.
const answer = async (view: Promise<BookingView>) => {
  const b = await view;
  return { ...b, awaiting: b.awaiting ?? null };
};

const example = { customerId: '5f0c…', serviceId: '9a1e…', staffId: null, startsAt: 1930035600000 };

/** Bookings: the list, one booking, and the changes. */
export function bookingApiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    apiRoute({
      method: 'GET',
      path: '/bookings',
      summary: 'Bookings in a range of local days (from, to: YYYY-MM-DD; default the coming week) by specialist, service, status, source or a name/phone (q), in time order, a page at a time: pass next_cursor back as cursor.',
      scope: 'read',
      query: ListQuery,
      response: pageOf(BookingRecordBody),
      errors: [422],
      example: { path: '/bookings?from=2031-03-04&to=2031-03-10&status=confirmed&limit=50' },
      handler: async ({ caller, query }) => {
        const { cursor, ...filters } = query;
        // The schema read the cursor into its parts; the use case reads it again from text.
        const after = cursor ? `${cursor.startsAt}.${cursor.id}` : undefined;
        const page = await listBookings(deps.ctx, caller.businessId, { ...filters, after });
        return { data: page.bookings, next_cursor: page.next };
      },
    }),
    apiRoute({
      method: 'GET',
      path: '/bookings/:id',
      summary: 'One booking.',
      scope: 'read',
      params: BookingId,
      response: BookingRecordBody,
      errors: [404],
      handler: async ({ caller, params }) => (await deskBookingCard(deps.ctx, caller.businessId, params.id)).booking,
    }),
    apiRoute({
      method: 'POST',
      path: '/bookings/holds',
      summary: 'Holds a slot for a customer for the business hold time (status held), the same holds the chats use: confirm it to book. staffId null: anyone free.',
      scope: 'write',
      body: HoldBody,
      response: BookingBody,
      status: 201,
      errors: [404, 409, 422],
      example: { body: example },
      handler: async ({ caller, body, idempotencyKey }) => answer(holdSlot(deps.ctx, caller.businessId, { ...body, source: 'api', conversationKey: null, idempotencyKey })),
    }),
    apiRoute({
      method: 'POST',
      path: '/bookings',
      summary: 'Books a customer directly: confirmed at once (source api), both sides told. A taken slot is 409 with free alternatives.',
      scope: 'write',
      body: CreateBody,
      response: BookingBody,
      status: 201,
      errors: [404, 409, 422],
      example: { body: { ...example, notes: 'Booked on our website' } },
      handler: async ({ caller, body, idempotencyKey }) => answer(createBooking(deps.ctx, caller.businessId, API_ACTOR, { ...body, source: 'api', idempotencyKey })),
    }),
    apiRoute({
      method: 'POST',
      path: '/bookings/:id/confirm',
      summary: 'Confirms a hold: confirmed, or pending when the service needs approval or a deposit. Confirming again returns the booking unchanged.',
      scope: 'write',
      params: BookingId,
      response: BookingBody,
      errors: [404, 422],
      handler: async ({ caller, params }) => answer(confirmBooking(deps.ctx, caller.businessId, API_ACTOR, { bookingId: params.id })),
    }),
    apiRoute({
      method: 'POST',
      path: '/bookings/:id/reschedule',
      summary: 'Moves a booking to another start (and optionally specialist) atomically. expectedVersion (from the booking) refuses a change made on an older state (409).',
      scope: 'write',
      params: BookingId,
      body: RescheduleBody,
      response: BookingBody,
      errors: [404, 409, 422],
      example: { body: { startsAt: 1930039200000, expectedVersion: 1 } },
      handler: async ({ caller, params, body }) => answer(rescheduleBooking(deps.ctx, caller.businessId, API_ACTOR, { ...body, bookingId: params.id })),
    }),
    apiRoute({
      method: 'POST',
      path: '/bookings/:id/cancel',
      summary: 'Cancels a booking (the customer is told; tellCustomer quotes the reason to them). Cancelling again returns it unchanged.',
      scope: 'write',
      params: BookingId,
      body: CancelBody,
      response: BookingBody,
      errors: [404, 409, 422],
      example: { body: { reason: 'The specialist is ill', tellCustomer: true } },
      handler: async ({ caller, params, body }) => answer(cancelBooking(deps.ctx, caller.businessId, API_ACTOR, { ...body, bookingId: params.id })),
    }),
  ];
}
