import { z } from 'zod';
import { SlotTaken } from '../../domain/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { SlotUnavailable } from '../shared/app-errors.ts';
import { Instant } from '../shared/input-schemas.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { bookInOneStatement } from './book-in-one-statement.ts';
import { countBookingError, countBookingOutcome } from './booking-outcomes.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { createOnce } from './create-once.ts';
import { placeNewBooking } from './place-new-booking.ts';

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

/** Who books directly: someone of the business (the panel, the API). */
export type BusinessActor = Extract<Actor, { kind: 'business' }>;

/**
 * The business books a customer directly (by phone, at the desk, a walk-in): the
 * booking is confirmed at once and both sides are told. Throws `SlotTaken` /
 * `SlotUnavailable` with alternatives. The same idempotency key returns the same booking.
 * Most bookings take two statements (`bookInOneStatement`); the rest a transaction.
 */
export async function createBooking(ctx: UseCaseContext, businessId: string, actor: BusinessActor, rawInput: z.input<typeof CreateBookingInput>): Promise<BookingView> {
  const input = CreateBookingInput.parse(rawInput);
  try {
    const direct = await bookInOneStatement(ctx, businessId, actor, {
      ...input,
      fields: { source: input.source, notes: input.notes, idempotencyKey: input.idempotencyKey },
    });
    if (direct) {
      countBookingOutcome(ctx, 'created');
      return direct;
    }
  } catch (error) {
    // The slot may be this very request's, booked by an earlier attempt: the
    // transaction looks the key up first and answers with that booking.
    if (!(input.idempotencyKey && (error instanceof SlotTaken || error instanceof SlotUnavailable))) {
      countBookingError(ctx, error);
      throw error;
    }
  }
  return createBookingInTransaction(ctx, businessId, actor, input);
}

/**
 * {@link createBooking} in one transaction, for what one statement cannot do: a
 * service counted under a lock, a lapsed hold to release first, a key to look up.
 */
export async function createBookingInTransaction(
  ctx: UseCaseContext,
  businessId: string,
  actor: BusinessActor,
  input: z.output<typeof CreateBookingInput>,
): Promise<BookingView> {
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
