import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, BusinessSchema, PaymentSchema, ProcessedExternalEventSchema, type Payment, type PaymentProviderName } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { PaymentEvent } from './payment-provider.ts';
import { awaitsPayment, confirmPaidBooking, releaseUnpaidBooking } from './settle-booking-payment.ts';

/**
 * What an event did: `applied`; `duplicate` (this event id was applied before: nothing
 * changes); `unknown_payment` (not one of ours, or another business's); `flagged` (money
 * that does not fit the booking: the team decides, nothing is confirmed by it).
 */
export type PaymentEventOutcome = 'applied' | 'duplicate' | 'unknown_payment' | 'flagged';

/**
 * Applies one verified provider event to our payment and its booking, exactly once (the
 * event id is recorded in the same transaction):
 * - paid, the right amount and currency, the booking still waiting → the booking is
 *   confirmed; paid but the booking was released or cancelled meanwhile → the whole
 *   amount is due back (a refund job makes it) and the payment is flagged; another
 *   amount or currency → flagged, the booking left waiting;
 * - expired or failed while the booking waits → the slot is released, the customer told;
 * - refunded → the refunded total as the provider counts it.
 */
export async function applyPaymentEvent(ctx: UseCaseContext, businessId: string, provider: PaymentProviderName, event: PaymentEvent): Promise<PaymentEventOutcome> {
  try {
    return await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
      const now = ctx.now();
      em.create(ProcessedExternalEventSchema, { business: businessId, provider, eventId: event.eventId, createdAt: new Date(now) });
      await em.flush();
      const payment = await findPayment(em, provider, event);
      if (!payment) return 'unknown_payment';
      const outcome = await apply(em, now, businessId, payment, event);
      recordAudit(em, now, { businessId, actor: { kind: 'system' }, action: `payment.${event.kind}`, entityType: 'payment', entityId: payment.id, details: { eventId: event.eventId, outcome } });
      return outcome;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'processed_external_event_unique')) return 'duplicate';
    throw error;
  }
}

async function findPayment(em: EntityManager, provider: PaymentProviderName, event: PaymentEvent): Promise<Payment | null> {
  const by = event.providerPaymentId !== null ? { providerPaymentId: event.providerPaymentId } : event.providerChargeId !== null ? { providerChargeId: event.providerChargeId } : null;
  if (!by) return null;
  return em.findOne(PaymentSchema, { provider, ...by }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

async function apply(em: EntityManager, now: number, businessId: string, payment: Payment, event: PaymentEvent): Promise<PaymentEventOutcome> {
  const booking = await em.findOne(BookingSchema, { id: payment.booking.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const business = await em.findOne(BusinessSchema, { id: businessId });
  if (!booking || !business) throw new NotFound('booking');
  switch (event.kind) {
    case 'paid': {
      if (payment.status === 'paid' || payment.status === 'refunded' || payment.status === 'partially_refunded') return 'applied';
      if (event.providerChargeId !== null) payment.providerChargeId = event.providerChargeId;
      payment.paidAt = new Date(now);
      if (event.amountMinor !== payment.amountMinor || event.currency !== payment.currency) {
        payment.status = 'flagged';
        payment.problem = `paid ${event.amountMinor} ${event.currency}, asked ${payment.amountMinor} ${payment.currency}`;
        recordBookingChange(em, now, booking, 'payment.flagged', { kind: 'system' }, { paymentId: payment.id, problem: payment.problem });
        return 'flagged';
      }
      if (!awaitsPayment(booking)) {
        // The slot went to someone else (or the customer cancelled): never a confirmed
        // booking for a released slot — the money goes back.
        payment.status = 'flagged';
        payment.problem = `paid after the booking was ${booking.status}: refunded in full`;
        payment.refundDueMinor = payment.amountMinor - payment.refundedMinor;
        recordBookingChange(em, now, booking, 'payment.flagged', { kind: 'system' }, { paymentId: payment.id, problem: payment.problem });
        return 'flagged';
      }
      payment.status = 'paid';
      const paid = { paymentId: payment.id, provider: payment.provider, amountMinor: payment.amountMinor, currency: payment.currency };
      confirmPaidBooking(em, now, booking, business, { kind: 'system' }, paid);
      // Nobody in the team pressed anything: their chat hears that it is paid and confirmed.
      recordBookingChange(em, now, booking, 'payment.received', { kind: 'system' }, paid);
      queueNotification(em, now, { businessId, topic: 'payment.paid', aggregateId: payment.id, payload: { ...paid, bookingId: booking.id } });
      return 'applied';
    }
    case 'expired':
    case 'failed': {
      if (payment.status !== 'pending') return 'applied';
      payment.status = event.kind;
      if (event.kind === 'failed') payment.problem = event.reason.slice(0, 500);
      if (awaitsPayment(booking)) await releaseUnpaidBooking(em, now, booking, business, { paymentId: payment.id });
      return 'applied';
    }
    case 'refunded': {
      const total = Math.min(Math.max(event.refundedMinor, payment.refundedMinor), payment.amountMinor);
      // Money given back that we had not counted yet (a refund made in the provider's own dashboard).
      if (total > payment.refundedMinor) queueRefunded(em, now, businessId, payment, total - payment.refundedMinor, total);
      payment.refundDueMinor = Math.max(0, Math.min(payment.refundDueMinor, payment.amountMinor - total));
      payment.refundedMinor = total;
      payment.status = total >= payment.amountMinor ? 'refunded' : 'partially_refunded';
      return 'applied';
    }
  }
}

/** Integrations hear of money given back (`payment.refunded`), once per growth of the refunded total. */
export function queueRefunded(em: EntityManager, now: number, businessId: string, payment: Payment, refundMinor: number, refundedMinor: number): void {
  queueNotification(em, now, {
    businessId,
    topic: 'payment.refunded',
    aggregateId: payment.id,
    payload: { paymentId: payment.id, bookingId: payment.booking.id, provider: payment.provider, amountMinor: payment.amountMinor, currency: payment.currency, refundMinor, refundedMinor },
  });
}
