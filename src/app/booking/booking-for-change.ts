import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, BusinessSchema, type Booking, type Business } from '../../db/entities/index.ts';
import { NotFound, NotYourBooking } from '../shared/app-errors.ts';
import type { Actor } from '../shared/use-case-context.ts';

/**
 * Loads a booking of this business for a change, locked (`FOR UPDATE`) so concurrent
 * changes to it happen one after another, and checks that a customer acts only on
 * their own booking.
 */
export async function bookingForChange(em: EntityManager, businessId: string, bookingId: string, actor: Actor): Promise<{ booking: Booking; business: Business }> {
  const booking = await em.findOne(BookingSchema, { id: bookingId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!booking) throw new NotFound('booking');
  if (actor.kind === 'customer' && booking.customer.id !== actor.customerId) throw new NotYourBooking();
  const business = await em.findOne(BusinessSchema, { id: businessId });
  if (!business) throw new NotFound('business');
  return { booking, business };
}
