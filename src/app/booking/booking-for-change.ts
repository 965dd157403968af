import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, BusinessSchema, type Booking, type Business } from '../../db/entities/index.ts';
import { BookingChanged, NotFound, NotYourBooking } from '../shared/app-errors.ts';
import type { Actor } from '../shared/use-case-context.ts';

/**
 * Loads a booking of this business for a change, locked (`FOR UPDATE`) so concurrent
 * changes to it happen one after another, and checks that a customer acts only on
 * their own booking. With `expectedVersion` (what the person acting saw), a booking
 * changed since is `BookingChanged`: checked under the lock, so no change slips between.
 */
export async function bookingForChange(em: EntityManager, businessId: string, bookingId: string, actor: Actor, expectedVersion?: number): Promise<{ booking: Booking; business: Business }> {
  const booking = await em.findOne(BookingSchema, { id: bookingId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!booking) throw new NotFound('booking');
  if (expectedVersion !== undefined && booking.version !== expectedVersion) throw new BookingChanged();
  if (actor.kind === 'customer' && booking.customer.id !== actor.customerId) throw new NotYourBooking();
  const business = await em.findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  return { booking, business };
}
