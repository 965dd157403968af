import { z } from 'zod';
import { ExpectedVersion } from '../shared/input-schemas.ts';
import { InvalidRequest } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { bookingForChange } from './booking-for-change.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { toBookingView, type BookingView } from './booking-view.ts';

/**
 * Input of {@link setBookingDetails}: a note for the specialist ("I have long hair",
 * "second floor, please call") and who comes when it is not the customer. A field left
 * out stays; an empty one clears it.
 */
export const SetBookingDetailsInput = z.object({
  bookingId: z.uuid(),
  expectedVersion: ExpectedVersion,
  note: z.string().trim().max(500).optional(),
  guestName: z
    .string()
    .trim()
    .max(100)
    .regex(/^$|^[\p{L}][\p{L}\p{M} .'’-]*$/u)
    .optional(),
});

/**
 * Sets a booking's note and guest. A customer may change their own booking's while it is
 * held or active (checkout, or later), never a cancelled or past one; the business any of
 * its bookings'. Audited as `booking.details_changed` with what changed. Sends nothing:
 * the team sees both on the booking's post, made when the booking is confirmed.
 */
export async function setBookingDetails(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof SetBookingDetailsInput>): Promise<BookingView> {
  const input = SetBookingDetailsInput.parse(raw);
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const { booking } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    const open = booking.status === 'held' || booking.status === 'pending' || booking.status === 'confirmed';
    if (actor.kind === 'customer' && !open) throw new InvalidRequest('Only an open booking can change its details', 'errors.invalid_booking_transition');
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (input.note !== undefined && input.note !== booking.notes) {
      changes['note'] = { from: booking.notes, to: input.note };
      booking.notes = input.note;
    }
    const guest = input.guestName === undefined ? undefined : input.guestName === '' ? null : input.guestName;
    if (guest !== undefined && guest !== booking.guestName) {
      changes['guestName'] = { from: booking.guestName ?? null, to: guest };
      booking.guestName = guest;
    }
    if (Object.keys(changes).length > 0) {
      recordAudit(em, ctx.now(), { businessId, actor, action: 'booking.details_changed', entityType: 'booking', entityId: booking.id, details: { changes } });
    }
    await em.flush();
    return toBookingView(booking);
  });
}
