import { z } from 'zod';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { Instant } from '../shared/input-schemas.ts';
import { createOnce } from './create-once.ts';
import { placeNewBooking } from './place-new-booking.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link createBooking}. */
export const CreateBookingInput = z.object({
  customerId: z.uuid(),
  serviceId: z.uuid(),
  staffId: z.uuid().nullable(),
  startsAt: Instant,
  notes: z.string().trim().max(2000).default(''),
  /** Book outside hours, notice or horizon (a walk-in, an exception). Needs a specialist. Overlaps stay impossible. */
  force: z.boolean().default(false),
  source: z.enum(['admin', 'api']).default('admin'),
  idempotencyKey: z.string().min(1).max(128).nullable().default(null),
});

/**
 * The business books a customer directly (by phone, at the desk, a walk-in): the
 * booking is confirmed at once and both sides are told. Throws `SlotTaken` /
 * `SlotUnavailable` with alternatives. The same idempotency key returns the same booking.
 */
export async function createBooking(
  ctx: UseCaseContext,
  businessId: string,
  actor: Extract<Actor, { kind: 'business' }>,
  rawInput: z.input<typeof CreateBookingInput>,
): Promise<BookingView> {
  const input = CreateBookingInput.parse(rawInput);
  return createOnce(ctx, businessId, input, async (em) => {
    const now = ctx.now();
    const booking = await placeNewBooking(
      em,
      businessId,
      input,
      now,
      () => ({ customerId: input.customerId, status: 'confirmed', holdExpiresAt: null, source: input.source, notes: input.notes, idempotencyKey: input.idempotencyKey }),
      input.force,
    );
    recordBookingChange(em, now, booking, 'booking.created', actor, { manual: true });
    recordBookingChange(em, now, booking, 'booking.confirmed', actor, { manual: true });
    return toBookingView(booking);
  });
}
