import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, type Booking } from '../db/entities/index.ts';
import { emForBusiness } from '../db/tenant-scope.ts';

/**
 * The booking an earlier request with this idempotency key created, if any. With a
 * `businessId` it reads through a fresh scoped unit of work (after a failed race).
 */
export async function findByIdempotencyKey(em: EntityManager, key: string | null, businessId?: string): Promise<Booking | null> {
  if (!key) return null;
  const scoped = businessId ? emForBusiness(em, businessId) : em;
  return scoped.findOne(BookingSchema, { idempotencyKey: key });
}

/** True when a request lost the race to insert a booking with the same idempotency key. */
export function isIdempotencyConflict(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && e.constraint === 'booking_business_idempotency_unique';
}
