import { z } from 'zod';
import { Instant } from './input-schemas.ts';
import { BookingSchema, BusinessSchema, CustomerSchema } from '../db/entities/index.ts';
import { CustomerBlocked, NotFound } from './app-errors.ts';
import { recordBookingChange } from './booking-journal.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { depositFor, SlotTaken } from '../domain/index.ts';
import { depositRuleOf } from './service-pricing.ts';
import { emForBusiness } from '../db/tenant-scope.ts';
import { findByIdempotencyKey, sameRequest, isIdempotencyConflict } from './idempotency.ts';
import { releaseExpiredHoldsIn } from './release-expired-holds.ts';
import { inBookingTransaction, placeSlot } from './slot-reservation.ts';
import type { Actor, UseCaseContext } from './use-case-context.ts';

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
      const placement = await placeSlot(em, businessId, request, now, input.force);
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
        status: 'confirmed',
        groupSessionKey: placement.groupSessionKey,
        resourceShared: placement.resourceShared,
        priceMinor: service.priceMinor,
        currency: service.currency,
        depositMinor: depositFor(service.priceMinor, depositRuleOf(service)),
        source: input.source,
        notes: input.notes,
        idempotencyKey: input.idempotencyKey,
      });
      await em.flush();
      recordBookingChange(em, booking, 'booking.created', actor, { manual: true });
      recordBookingChange(em, booking, 'booking.confirmed', actor, { manual: true });
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
