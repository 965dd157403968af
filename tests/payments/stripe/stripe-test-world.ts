import { BookingSchema, PaymentSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import type { BookingWorld } from '../../support/booking-world.ts';

let slot = 0;

/**
 * A confirmed booking with a pending Stripe payment of `amountMinor` in `currency`,
 * as the payment use cases leave it before asking the provider. Each call takes the
 * next free hour of the world's first specialist.
 */
export async function pendingStripePayment(world: BookingWorld, amountMinor: number, currency = 'UAH'): Promise<{ bookingId: string; paymentId: string }> {
  slot += 1;
  const startsAt = new Date(world.at(`${String(9 + (slot % 8)).padStart(2, '0')}:00`, 1 + Math.floor(slot / 8)));
  const endsAt = new Date(startsAt.getTime() + 60 * 60_000);
  const em = emForBusiness(world.ctx.orm, world.business.id);
  const booking = em.create(BookingSchema, {
    business: world.business.id,
    service: world.haircut.id,
    staffMember: world.staff[0]!.id,
    customer: world.customers[0]!,
    startsAt,
    endsAt,
    blockedFrom: startsAt,
    blockedUntil: endsAt,
    status: 'confirmed',
    priceMinor: amountMinor,
    currency,
    source: 'admin',
  });
  const payment = em.create(PaymentSchema, { business: world.business.id, booking, provider: 'stripe', amountMinor, currency, providerPaymentId: null, providerChargeId: null });
  await em.flush();
  return { bookingId: booking.id, paymentId: payment.id };
}
