import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, type Booking } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { InvalidRequest } from '../shared/app-errors.ts';

/** What a retried request must repeat for its idempotency key to return the earlier booking. */
export interface BookingRequestIdentity {
  customerId: string;
  serviceId: string;
  startsAt: number;
}

/** The identity of a hold or create request. */
export function sameRequest(input: BookingRequestIdentity): BookingRequestIdentity {
  return { customerId: input.customerId, serviceId: input.serviceId, startsAt: input.startsAt };
}

/**
 * The booking an earlier request with this idempotency key created, if any. A key
 * reused for a different request (another customer, service or time) is refused
 * rather than answered with someone else's booking. `em` must be business-scoped.
 */
export async function findByIdempotencyKey(em: EntityManager, key: string | null, request: BookingRequestIdentity): Promise<Booking | null> {
  if (!key) return null;
  const existing = await em.findOne(BookingSchema, { idempotencyKey: key });
  if (!existing) return null;
  const same =
    existing.customer.id === request.customerId && existing.service.id === request.serviceId && existing.startsAt.getTime() === request.startsAt;
  if (!same) throw new InvalidRequest('This idempotency key was already used for a different booking request', 'errors.idempotency_key_reused');
  return existing;
}

/** True when a request lost the race to insert a booking with the same idempotency key. */
export function isIdempotencyConflict(error: unknown): boolean {
  return isUniqueViolation(error, 'booking_business_idempotency_unique');
}
