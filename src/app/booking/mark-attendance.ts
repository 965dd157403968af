import { z } from 'zod';
import { CustomerSchema } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link markCompleted} and {@link markNoShow}. */
export const MarkAttendanceInput = z.object({ bookingId: z.uuid() });

type BusinessOrSystem = Extract<Actor, { kind: 'business' | 'system' }>;

/** The customer came: a confirmed booking that has started becomes completed. Repeating it changes nothing. */
export async function markCompleted(ctx: UseCaseContext, businessId: string, actor: BusinessOrSystem, rawInput: z.input<typeof MarkAttendanceInput>): Promise<BookingView> {
  const input = MarkAttendanceInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor);
    if (booking.status === 'completed') return toBookingView(booking);
    applyToBooking(booking, { type: 'complete', by: actor.kind }, ctx.now(), business);
    await em.flush();
    recordBookingChange(em, booking, 'booking.completed', actor);
    return toBookingView(booking);
  });
}

/** The customer did not come: the booking becomes a no-show and the customer's no-show count goes up (once). */
export async function markNoShow(ctx: UseCaseContext, businessId: string, actor: BusinessOrSystem, rawInput: z.input<typeof MarkAttendanceInput>): Promise<BookingView> {
  const input = MarkAttendanceInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor);
    if (booking.status === 'no_show') return toBookingView(booking);
    applyToBooking(booking, { type: 'mark_no_show', by: actor.kind }, ctx.now(), business);
    const customer = await em.findOneOrFail(CustomerSchema, { id: booking.customer.id });
    customer.noShowCount += 1;
    await em.flush();
    recordBookingChange(em, booking, 'booking.no_show', actor, { noShowCount: customer.noShowCount });
    return toBookingView(booking);
  });
}
