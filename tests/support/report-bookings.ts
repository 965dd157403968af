import { DateTime } from 'luxon';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { markCompleted } from '../../src/app/booking/mark-completed.ts';
import { markNoShow } from '../../src/app/booking/mark-no-show.ts';
import { BusinessSchema, PaymentSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import type { BookingWorld } from './booking-world.ts';

/** A zone without daylight saving (UTC+5 all year): report days are always 24 hours. */
export const REPORT_ZONE = 'Asia/Tashkent';
/** The two report days (Tuesday and Wednesday) and the day before them. */
export const REPORT_DAYS = { before: '2031-03-03', first: '2031-03-04', second: '2031-03-05' } as const;

const business = { kind: 'business', userId: null } as const;

/**
 * Books a small, known week through the use cases, in {@link REPORT_ZONE}: on the day
 * before the range one completed haircut of customer 4 (so they return); in the range,
 * 2031-03-04: staff 1 completes a haircut for customer 1 at 10:00, staff 2 has a no-show
 * of customer 2 at 10:00, a consultation of customer 3 at 14:00 is cancelled;
 * 2031-03-05: staff 2 has a confirmed haircut of customer 1 at 11:00 and staff 1 one of
 * customer 4 at 15:00. Haircuts cost 600.00 UAH. A cash payment of 600.00 and a Stripe
 * one of 300.00 (100.00 refunded) are paid on 2031-03-04.
 */
export async function bookReportWeek(world: BookingWorld): Promise<{ bookingIds: string[] }> {
  const em = emForBusiness(world.ctx.orm, world.business.id);
  await em.nativeUpdate(BusinessSchema, { id: world.business.id }, { timeZone: REPORT_ZONE });
  const at = (day: string, time: string) => DateTime.fromISO(`${day}T${time}`, { zone: REPORT_ZONE }).toMillis();
  world.clock.set(at(REPORT_DAYS.before, '08:00'));
  const [s1, s2] = world.staff.map((s) => s.id) as [string, string];
  const [c1, c2, c3, c4] = world.customers as [string, string, string, string];
  const book = async (customerId: string, serviceId: string, staffId: string, day: string, time: string) =>
    (await createBooking(world.ctx, world.business.id, business, { customerId, serviceId, staffId, startsAt: at(day, time) })).id;
  const earlier = await book(c4, world.haircut.id, s1, REPORT_DAYS.before, '12:00');
  const done = await book(c1, world.haircut.id, s1, REPORT_DAYS.first, '10:00');
  const missed = await book(c2, world.haircut.id, s2, REPORT_DAYS.first, '10:00');
  const dropped = await book(c3, world.consultation.id, s1, REPORT_DAYS.first, '14:00');
  const ahead = await book(c1, world.haircut.id, s2, REPORT_DAYS.second, '11:00');
  const back = await book(c4, world.haircut.id, s1, REPORT_DAYS.second, '15:00');
  await cancelBooking(world.ctx, world.business.id, business, { bookingId: dropped, reason: 'ill' });
  world.clock.set(at(REPORT_DAYS.first, '12:00'));
  await markCompleted(world.ctx, world.business.id, business, { bookingId: earlier });
  await markCompleted(world.ctx, world.business.id, business, { bookingId: done });
  await markNoShow(world.ctx, world.business.id, business, { bookingId: missed });
  const paidAt = new Date(at(REPORT_DAYS.first, '10:30'));
  em.create(PaymentSchema, { business: world.business.id, booking: done, provider: 'cash', amountMinor: 60000, currency: 'UAH', status: 'paid', paidAt });
  em.create(PaymentSchema, { business: world.business.id, booking: ahead, provider: 'stripe', amountMinor: 30000, currency: 'UAH', status: 'partially_refunded', refundedMinor: 10000, paidAt, providerPaymentId: 'cs_report_1' });
  await em.flush();
  return { bookingIds: [earlier, done, missed, dropped, ahead, back] };
}
