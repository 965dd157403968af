import { BookingSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { toBookingView } from '../booking/booking-view.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A customer's bookings, newest first: their history for the customer card and the chat's "my bookings". */
export async function customerBookings(ctx: UseCaseContext, businessId: string, rawCustomerId: string, options: { upcomingOnly?: boolean; limit?: number } = {}) {
  const customerId = Id.parse(rawCustomerId);
  const em = emForBusiness(ctx.orm, businessId);
  const where = options.upcomingOnly
    ? { customer: customerId, status: { $in: ['held', 'pending', 'confirmed'] as const }, endsAt: { $gt: new Date(ctx.now()) } }
    : { customer: customerId };
  const rows = await em.find(BookingSchema, where, { orderBy: { startsAt: options.upcomingOnly ? 'asc' : 'desc' }, limit: options.limit ?? 50 });
  return rows.map(toBookingView);
}
