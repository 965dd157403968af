import { HoldExpired } from '../../domain/index.ts';
import { BookingSchema, WaitlistEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { confirmBooking } from '../booking/confirm-booking.ts';
import { toBookingView, type BookingView } from '../booking/booking-view.ts';
import { InvalidRequest, NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * The customer takes the slot a waitlist offer holds for them: the held booking is
 * confirmed like any other (`confirmBooking`) and the entry marked booked. An offer
 * that expired throws `HoldExpired`.
 */
export async function acceptWaitlistOffer(ctx: UseCaseContext, businessId: string, rawCustomerId: string, rawEntryId: string): Promise<BookingView> {
  const customerId = Id.parse(rawCustomerId);
  const entryId = Id.parse(rawEntryId);
  const em = emForBusiness(ctx.orm, businessId);
  const entry = await em.findOne(WaitlistEntrySchema, { id: entryId });
  if (!entry) throw new NotFound('waitlist entry');
  if (entry.customer.id !== customerId) throw new NotYourBooking();
  if (!entry.offerBooking) throw new InvalidRequest('There is no offer on this waitlist entry', 'errors.no_waitlist_offer');
  if (entry.status === 'booked') {
    return toBookingView(await em.findOneOrFail(BookingSchema, { id: entry.offerBooking.id }));
  }
  if (entry.status !== 'offered') throw new HoldExpired();
  return confirmBooking(ctx, businessId, { kind: 'customer', customerId }, { bookingId: entry.offerBooking.id });
}
