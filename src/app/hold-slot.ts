import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Instant } from './input-schemas.ts';
import { depositFor, SlotTaken } from '../domain/index.ts';
import { BookingSchema, BOOKING_SOURCES, BusinessSchema, CustomerSchema, type Booking } from '../db/entities/index.ts';
import { depositRuleOf } from './service-pricing.ts';
import { CustomerBlocked, NotFound } from './app-errors.ts';
import { recordBookingChange } from './booking-journal.ts';
import { applyToBooking } from './booking-lifecycle-adapter.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { releaseExpiredHoldsIn } from './release-expired-holds.ts';
import { inBookingTransaction, placeSlot } from './slot-reservation.ts';
import type { UseCaseContext } from './use-case-context.ts';
import { emForBusiness } from '../db/tenant-scope.ts';
import { findByIdempotencyKey, sameRequest, isIdempotencyConflict } from './idempotency.ts';
import { closeWaitlistOffer } from './waitlist-offer.ts';

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
  try {
    return await inBookingTransaction(ctx, businessId, request, async (em) => {
      const existing = await findByIdempotencyKey(em, input.idempotencyKey, sameRequest(input));
      if (existing) return toBookingView(existing);
      const now = ctx.now();
      const business = await em.findOne(BusinessSchema, { id: businessId });
      if (!business) throw new NotFound('business');
      const customer = await em.findOne(CustomerSchema, { id: input.customerId });
      if (!customer) throw new NotFound('customer');
      if (customer.blocked) throw new CustomerBlocked();

      await releaseExpiredHoldsIn(em, business, now);
      if (input.conversationKey) await releasePreviousHold(em, input.conversationKey, now, business);

      const placement = await placeSlot(em, businessId, request, now);
      const service = placement.loaded.service;
      const booking = em.create(BookingSchema, {
        business: business.id,
        service: service.id,
        staffMember: placement.staffId,
        resource: placement.resourceId,
        customer: customer.id,
        startsAt: new Date(placement.startsAt),
        endsAt: new Date(placement.endsAt),
        blockedFrom: new Date(placement.blockedFrom),
        blockedUntil: new Date(placement.blockedUntil),
        status: 'held',
        holdExpiresAt: new Date(now + business.holdMinutes * 60_000),
        groupSessionKey: placement.groupSessionKey,
        resourceShared: placement.resourceShared,
        priceMinor: service.priceMinor,
        currency: service.currency,
        depositMinor: depositFor(service.priceMinor, depositRuleOf(service)),
        source: input.source,
        conversationKey: input.conversationKey,
        idempotencyKey: input.idempotencyKey,
      });
      await em.flush();
      recordBookingChange(em, booking, 'booking.held', { kind: 'customer', customerId: customer.id });
      return toBookingView(booking);
    });
  } catch (error) {
    // Identical requests raced: whichever lost (on the key, or on the slot the winner
    // just took) returns the winner's booking.
    if (input.idempotencyKey && (isIdempotencyConflict(error) || error instanceof SlotTaken)) {
      const existing = await findByIdempotencyKey(emForBusiness(ctx.orm, businessId), input.idempotencyKey, sameRequest(input));
      if (existing) return toBookingView(existing);
    }
    throw error;
  }
}

async function releasePreviousHold(em: EntityManager, conversationKey: string, now: number, business: Parameters<typeof applyToBooking>[3]): Promise<Booking | null> {
  const previous = await em.findOne(BookingSchema, { conversationKey, status: 'held' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!previous) return null;
  await closeWaitlistOffer(em, previous.id);
  applyToBooking(previous, { type: 'cancel', by: 'customer', reason: 'hold_replaced' }, now, business);
  recordBookingChange(em, previous, 'booking.hold_released', { kind: 'customer', customerId: previous.customer.id }, { reason: 'hold_replaced' });
  await em.flush();
  return previous;
}
