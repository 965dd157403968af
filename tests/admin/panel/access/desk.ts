import { confirmBooking } from '../../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../../src/app/booking/hold-slot.ts';
import type { AccessTable } from './access-entry.ts';

const card = (slug: string, id: string, action = '') => `/admin/b/${slug}/bookings/${id}${action}`;

/** The desk: Today, the bookings list and its CSV, a booking's card and its changes, the calendar and walk-ins. Posted forms are invalid (no version), so nothing changes. */
export const table: AccessTable = {
  prepare: async (h) => {
    const w = h.world;
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 20), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });
    return { deskBookingId: held.id };
  },
  entries: [
    { route: 'GET /b/:slug', access: 'staff' },
    { route: 'GET /b/:slug/today/board', access: 'staff' },
    { route: 'GET /b/:slug/bookings', access: 'staff' },
    { route: 'GET /b/:slug/bookings.csv', access: 'manager' },
    { route: 'GET /b/:slug/bookings/:id', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!) },
    { route: 'POST /b/:slug/bookings/:id/act', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/act'), form: () => ({ action: 'approve' }) },
    { route: 'POST /b/:slug/bookings/:id/cancel', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/cancel'), form: () => ({ reason: 'access test' }) },
    { route: 'POST /b/:slug/bookings/:id/move', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/move'), form: () => ({ date: '2031-03-25', time: '12:00' }) },
    { route: 'POST /b/:slug/bookings/:id/resend', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/resend'), form: () => ({}) },
    { route: 'POST /b/:slug/bookings/:id/message', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/message'), form: () => ({ text: '' }) },
    { route: 'POST /b/:slug/bookings/:id/series/preview', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/series/preview'), form: () => ({ everyWeeks: '3' }) },
    { route: 'POST /b/:slug/bookings/:id/series', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/series'), form: () => ({ everyWeeks: '1', count: '0' }) },
    { route: 'POST /b/:slug/bookings/:id/series/cancel', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/series/cancel'), form: () => ({}) },
    { route: 'POST /b/:slug/bookings/:id/series/move', access: 'staff', url: (h, ids) => card(h.world.business.slug, ids['deskBookingId']!, '/series/move'), form: () => ({ seriesDate: 'soon' }) },
    { route: 'GET /b/:slug/payments', access: 'manager' },
    { route: 'POST /b/:slug/payments/:id/refund', access: 'admin', url: (h) => `/admin/b/${h.world.business.slug}/payments/00000000-0000-4000-8000-000000000000/refund`, form: () => ({ amount: 'lots' }) },
    { route: 'GET /b/:slug/calendar', access: 'staff' },
    { route: 'POST /b/:slug/calendar/block', access: 'staff', form: () => ({ staff: 'nobody', day: '2031-03-10', from: '13:00', to: '14:00' }) },
    { route: 'POST /b/:slug/calendar/unblock', access: 'staff', form: () => ({ staff: 'nobody' }) },
    { route: 'GET /b/:slug/calendar/book', access: 'staff' },
    { route: 'POST /b/:slug/calendar/book', access: 'staff', form: () => ({ phone: '' }) },
  ],
};
