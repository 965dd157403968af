import { z } from 'zod';
import { InvalidRequest } from '../shared/app-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { bookingForChange } from './booking-for-change.ts';
import { inBookingTransaction } from './booking-transaction.ts';

/** Input of {@link confirmAttendance}. */
export const ConfirmAttendanceInput = z.object({ bookingId: z.uuid() });

/** How the answer landed: recorded now, or already recorded (a second press tells nobody again). */
export type ConfirmAttendanceOutcome = { kind: 'recorded' } | { kind: 'already' };

/**
 * The customer's "👍 I'll be there" on a reminder: recorded on their own open booking
 * (`attendance_confirmed_at`) and told to the team once (`booking.attendance_confirmed`).
 * A cancelled or past booking refuses it with the usual "can't be changed" answer.
 */
export async function confirmAttendance(ctx: UseCaseContext, businessId: string, customerId: string, raw: z.input<typeof ConfirmAttendanceInput>): Promise<ConfirmAttendanceOutcome> {
  const input = ConfirmAttendanceInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const now = ctx.now();
    const actor = { kind: 'customer', customerId } as const;
    const { booking } = await bookingForChange(em, businessId, input.bookingId, actor);
    const open = booking.status === 'confirmed' || booking.status === 'pending';
    if (!open || booking.endsAt.getTime() <= now) throw new InvalidRequest('Only an upcoming booking can be confirmed by its customer', 'errors.invalid_booking_transition');
    if (booking.attendanceConfirmedAt) return { kind: 'already' };
    booking.attendanceConfirmedAt = new Date(now);
    await em.flush();
    recordBookingChange(em, now, booking, 'booking.attendance_confirmed', actor);
    return { kind: 'recorded' };
  });
}
