import type { EntityManager } from '@mikro-orm/postgresql';
import type { Booking } from '../../db/entities/index.ts';
import { bookingFromPlacement, type NewBookingFields } from './booking-from-placement.ts';
import { placeSlot, type SlotPlacement, type SlotRequest } from './place-slot.ts';
import { releaseLapsedHoldsUnder } from './release-lapsed-holds.ts';

/**
 * Places a new booking for a slot in the caller's transaction: checks the slot and
 * decides staff, resource and session (`placeSlot`), releases the lapsed holds that
 * overlap it — only those: the engine ignored them, the constraint would not; the
 * business's other lapsed holds are the sweep's — and inserts the row.
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
  await releaseLapsedHoldsUnder(em, businessId, placement, now);
  const booking = bookingFromPlacement(em, businessId, placement, fields(placement));
  await em.flush();
  return booking;
}
