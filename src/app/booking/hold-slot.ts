import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { BookingSchema, BOOKING_SOURCES, BusinessSchema, type Booking } from '../../db/entities/index.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { Instant } from '../shared/input-schemas.ts';
import { createOnce } from './create-once.ts';
import { placeNewBooking } from './place-new-booking.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { closeWaitlistOffer } from '../waitlist/offer-freed-slot.ts';

/** Input of {@link holdSlot}. */
export const HoldSlotInput = z.object({
  customerId: z.uuid(),
  serviceId: z.uuid(),
  /** A chosen specialist, or null for "anyone". */
  staffId: z.uuid().nullable(),
  startsAt: Instant,
  source: z.enum(BOOKING_SOURCES),
  /** The chat that holds the slot: a new hold there replaces the previous one. */
  conversationKey: z.string().min(1).max(200).nullable().default(null),
  idempotencyKey: z.string().min(1).max(128).nullable().default(null),
});
/** Input of {@link holdSlot}, as callers write it. */
export type HoldSlotInput = z.input<typeof HoldSlotInput>;

/**
 * Holds a slot for a customer for the business's hold time while they finish the
 * booking (or pay): a `held` booking nobody else can take. A conversation keeps at
 * most one live hold — a new one releases the previous. Expired holds never block.
 * Throws `SlotTaken` / `SlotUnavailable` with the next free alternatives,
 * `CustomerBlocked`, `NotFound`. The same idempotency key returns the same booking.
 */
export async function holdSlot(ctx: UseCaseContext, businessId: string, rawInput: HoldSlotInput): Promise<BookingView> {
  const input = HoldSlotInput.parse(rawInput);
  const request = { serviceId: input.serviceId, staffId: input.staffId, startsAt: input.startsAt };
  return createOnce(
    ctx,
    businessId,
    input.idempotencyKey,
    input,
    async (em) => {
      const now = ctx.now();
      if (input.conversationKey) await releasePreviousHold(em, businessId, input.conversationKey, now);
      const booking = await placeNewBooking(em, businessId, { ...request, customerId: input.customerId }, now, (placement) => ({
        customerId: input.customerId,
        status: 'held',
        holdExpiresAt: new Date(now + placement.loaded.business.holdMinutes * 60_000),
        source: input.source,
        conversationKey: input.conversationKey,
        idempotencyKey: input.idempotencyKey,
      }));
      recordBookingChange(em, booking, 'booking.held', { kind: 'customer', customerId: input.customerId });
      return toBookingView(booking);
    },
    (work) => inBookingTransaction(ctx, businessId, request, work),
  );
}

async function releasePreviousHold(em: EntityManager, businessId: string, conversationKey: string, now: number): Promise<Booking | null> {
  const previous = await em.findOne(BookingSchema, { conversationKey, status: 'held' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!previous) return null;
  const business = await em.findOneOrFail(BusinessSchema, { id: businessId });
  await closeWaitlistOffer(em, previous.id);
  applyToBooking(previous, { type: 'cancel', by: 'customer', reason: 'hold_replaced' }, now, business);
  recordBookingChange(em, previous, 'booking.hold_released', { kind: 'customer', customerId: previous.customer.id }, { reason: 'hold_replaced' });
  await em.flush();
  return previous;
}
