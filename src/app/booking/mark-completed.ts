import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link markCompleted} and `markNoShow`. */
export const MarkAttendanceInput = z.object({ bookingId: z.uuid(), expectedVersion: ExpectedVersion });

/** Who may mark attendance: the business, or the system (automatic no-shows). */
export type BusinessOrSystem = Extract<Actor, { kind: 'business' | 'system' }>;

/** The customer came: a confirmed booking that has started becomes completed. Repeating it changes nothing. */
export async function markCompleted(ctx: UseCaseContext, businessId: string, actor: BusinessOrSystem, rawInput: z.input<typeof MarkAttendanceInput>): Promise<BookingView> {
  const input = MarkAttendanceInput.parse(rawInput);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    if (booking.status === 'completed') return toBookingView(booking);
    applyToBooking(booking, { type: 'complete', by: actor.kind }, ctx.now(), business);
    await em.flush();
    recordBookingChange(em, ctx.now(), booking, 'booking.completed', actor);
    return toBookingView(booking);
  });
}
