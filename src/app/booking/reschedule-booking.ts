import { z } from 'zod';
import { Instant, ExpectedVersion } from '../shared/input-schemas.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { nextLifecycle, writeLifecycle } from './booking-lifecycle-adapter.ts';
import { bookingForChange } from './booking-for-change.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { placeSlot, type SlotRequest } from './place-slot.ts';
import { releaseLapsedHoldsUnder } from './release-lapsed-holds.ts';
import { ResourceSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { lifecycleActor, type Actor, type UseCaseContext } from '../shared/use-case-context.ts';
import { offerFreedSlot } from '../waitlist/offer-freed-slot.ts';
import { InvalidRequest } from '../shared/app-errors.ts';

/** Input of {@link rescheduleBooking}. */
export const RescheduleBookingInput = z.object({
  bookingId: z.uuid(),
  expectedVersion: ExpectedVersion,
  startsAt: Instant,
  /** Another specialist; the same one when absent; null: whoever is free then (a customer whose business lets them change specialist). */
  staffId: z.uuid().nullable().optional(),
});

/**
 * Moves a booking to another time (and optionally specialist), atomically: the same
 * booking row takes the new slot and releases the old one in one statement, so either
 * both happen or nothing changes. A customer cannot move inside the policy cutoff.
 * History is kept in the audit log; both sides are told (`booking.rescheduled`); the
 * old slot is offered to the waitlist. Throws `SlotTaken` / `SlotUnavailable` with
 * alternatives.
 */
export async function rescheduleBooking(ctx: UseCaseContext, businessId: string, actor: Actor, rawInput: z.input<typeof RescheduleBookingInput>): Promise<BookingView> {
  const input = RescheduleBookingInput.parse(rawInput);
  let request: SlotRequest | null = null;
  return inBookingTransaction(ctx, businessId, () => request, async (em) => {
    const { booking, business } = await bookingForChange(em, businessId, input.bookingId, actor, input.expectedVersion);
    const now = ctx.now();
    const staffId = input.staffId === undefined ? booking.staffMember.id : input.staffId;
    if (booking.startsAt.getTime() === input.startsAt && staffId === booking.staffMember.id) return toBookingView(booking);
    if (booking.status !== 'held' && booking.status !== 'pending' && booking.status !== 'confirmed') {
      throw new InvalidRequest('Only an upcoming booking can be moved', 'errors.not_reschedulable');
    }
    request = { serviceId: booking.service.id, staffId, startsAt: input.startsAt };
    const from = { startsAt: booking.startsAt.toISOString(), staffId: booking.staffMember.id };
    const freed = { staffId: booking.staffMember.id, startsAt: booking.startsAt.getTime() };
    // Lifecycle rules before the slot (cutoffs, a lapsed hold): no point offering
    // alternatives to someone who may not move at all. Same service, same length.
    const length = booking.endsAt.getTime() - booking.startsAt.getTime();
    const moved = nextLifecycle(booking, { type: 'reschedule', by: lifecycleActor(actor), startsAt: input.startsAt, endsAt: input.startsAt + length }, now, business);
    const placement = await placeSlot(em, businessId, { ...request, ignoreBookingId: booking.id }, now, actor.kind === 'business');
    // Lapsed holds in the new slot's way go first; releasing them flushes, so the row
    // is written only after it.
    await releaseLapsedHoldsUnder(em, businessId, placement, now);
    writeLifecycle(booking, moved);
    booking.staffMember = em.getReference(StaffMemberSchema, placement.staffId, { wrapped: true });
    booking.resource = placement.resourceId ? em.getReference(ResourceSchema, placement.resourceId, { wrapped: true }) : null;
    booking.groupSessionKey = placement.groupSessionKey;
    booking.resourceShared = placement.resourceShared;
    await em.flush();
    recordBookingChange(em, now, booking, 'booking.rescheduled', actor, { from, to: { startsAt: booking.startsAt.toISOString(), staffId: placement.staffId } });
    await offerFreedSlot(em, business, freed, now);
    return toBookingView(booking);
  });
}
