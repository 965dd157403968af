import type { EntityManager } from '@mikro-orm/postgresql';
import { depositFor, SlotTaken } from '../../domain/index.ts';
import { BookingSchema, type Booking } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { findByIdempotencyKey, isIdempotencyConflict, sameRequest, type BookingRequestIdentity } from './idempotency.ts';
import { depositRuleOf } from './service-pricing.ts';
import { placeSlot, type SlotPlacement, type SlotRequest } from './slot-reservation.ts';
import { releaseExpiredHoldsIn } from '../sweeps/release-expired-holds.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** How a new booking starts its life; the rest comes from the placement and the service. */
export interface NewBookingFields {
  customerId: string;
  status: 'held' | 'confirmed';
  holdExpiresAt: Date | null;
  source: Booking['source'];
  conversationKey?: string | null;
  idempotencyKey?: string | null;
  notes?: string;
}

/**
 * Adds a booking for a placed slot to the unit of work: who, when, which resource and
 * group session from the placement; price, currency and deposit from the service.
 */
export function bookingFromPlacement(em: EntityManager, businessId: string, placement: SlotPlacement, fields: NewBookingFields): Booking {
  const service = placement.loaded.service;
  return em.create(BookingSchema, {
    business: businessId,
    service: service.id,
    staffMember: placement.staffId,
    resource: placement.resourceId,
    customer: fields.customerId,
    startsAt: new Date(placement.startsAt),
    endsAt: new Date(placement.endsAt),
    blockedFrom: new Date(placement.blockedFrom),
    blockedUntil: new Date(placement.blockedUntil),
    status: fields.status,
    holdExpiresAt: fields.holdExpiresAt,
    groupSessionKey: placement.groupSessionKey,
    resourceShared: placement.resourceShared,
    priceMinor: service.priceMinor,
    currency: service.currency,
    depositMinor: depositFor(service.priceMinor, depositRuleOf(service)),
    source: fields.source,
    conversationKey: fields.conversationKey ?? null,
    idempotencyKey: fields.idempotencyKey ?? null,
    notes: fields.notes ?? '',
  });
}

/**
 * Places a new booking for a slot in the caller's transaction: checks the slot and
 * decides staff, resource and session (`placeSlot`), releases lapsed holds first when
 * there are any (the engine ignored them, the constraint would not), inserts the row.
 * `fields` may depend on the placement (a hold's expiry on the business's hold time).
 */
export async function placeNewBooking(
  em: EntityManager,
  businessId: string,
  request: SlotRequest,
  now: number,
  fields: (placement: SlotPlacement) => NewBookingFields,
  force = false,
): Promise<Booking> {
  const placement = await placeSlot(em, businessId, request, now, force);
  if (placement.loaded.expiredHolds) await releaseExpiredHoldsIn(em, businessId, now);
  const booking = bookingFromPlacement(em, businessId, placement, fields(placement));
  await em.flush();
  return booking;
}

/**
 * Runs a booking-creating request under its idempotency key: a retry returns the
 * booking the first attempt made. When identical requests race, whichever lost — on
 * the key, or on the slot the winner just took — returns the winner's booking.
 */
export async function createOnce(
  ctx: UseCaseContext,
  businessId: string,
  key: string | null,
  request: BookingRequestIdentity,
  create: (em: EntityManager) => Promise<BookingView>,
  run: (work: (em: EntityManager) => Promise<BookingView>) => Promise<BookingView>,
): Promise<BookingView> {
  try {
    return await run(async (em) => {
      const existing = await findByIdempotencyKey(em, key, sameRequest(request));
      return existing ? toBookingView(existing) : create(em);
    });
  } catch (error) {
    if (key && (isIdempotencyConflict(error) || error instanceof SlotTaken)) {
      const existing = await findByIdempotencyKey(emForBusiness(ctx.orm, businessId), key, sameRequest(request));
      if (existing) return toBookingView(existing);
    }
    throw error;
  }
}
