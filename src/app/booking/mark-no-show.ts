import { type z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { MarkAttendanceInput, type BusinessOrSystem } from './mark-completed.ts';

/** The customer did not come: the booking becomes a no-show and the customer's no-show count goes up (once). */
export async function markNoShow(ctx: UseCaseContext, businessId: string, actor: BusinessOrSystem, rawInput: z.input<typeof MarkAttendanceInput>): Promise<BookingView> {
  const input = MarkAttendanceInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'no_show') return toBookingView(booking);
    applyToBooking(booking, { type: 'mark_no_show', by: actor.kind }, ctx.now(), business);
    const customer = await em.findOneOrFail(CustomerSchema, { id: booking.customer.id });
    customer.noShowCount += 1;
    await em.flush();
    recordBookingChange(em, ctx.now(), booking, 'booking.no_show', actor, { noShowCount: customer.noShowCount });
    return toBookingView(booking);
  });
}
