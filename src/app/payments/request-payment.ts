import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { BookingSchema, PaymentSchema, type Payment, type PaymentProviderName } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { PaymentProviderError, type PaymentProvider } from './payment-provider.ts';
import { toPaymentView, type PaymentView } from './payment-view.ts';

/** The providers this process can use, in the order a business is offered them (Stripe, then Kaspi, then cash). */
export type PaymentProviders = readonly PaymentProvider[];

/** The page a customer lands on after paying (or giving up), on `PUBLIC_URL`. */
export function paymentReturnUrls(publicUrl: string, slug: string, bookingId: string): { successUrl: string; cancelUrl: string } {
  const base = `${publicUrl.replace(/\/+$/, '')}/pay/${encodeURIComponent(slug)}/${bookingId}`;
  return { successUrl: `${base}?done=1`, cancelUrl: base };
}

/** Input of {@link requestPayment}. */
export const RequestPaymentInput = z.object({
  bookingId: z.uuid(),
  /** The customer's language: the provider's page and the description speak it. */
  language: z.string().min(2).max(8),
  /** What the customer pays for, in their language. */
  description: z.string().min(1).max(200),
  successUrl: z.url(),
  cancelUrl: z.url(),
});

/** How asking for the money ended: a payment to show, or nothing to pay (confirmed already, not waiting for a deposit). */
export type RequestPaymentOutcome = { kind: 'payment'; payment: PaymentView } | { kind: 'nothing_due' } | { kind: 'unavailable' };

/**
 * Asks for a booking's deposit: the first provider the business can take money with
 * makes a payment (a Checkout link, a Kaspi link, or cash at the counter) and the
 * booking keeps its slot until that payment expires. Asked again while a payment is
 * pending, it returns that payment (no second link to pay twice). A provider that fails
 * is recorded (`failed`, why) and the next one is tried; with none left → `unavailable`
 * and the booking keeps its own deadline.
 */
export async function requestPayment(ctx: UseCaseContext, businessId: string, providers: PaymentProviders, raw: z.input<typeof RequestPaymentInput>): Promise<RequestPaymentOutcome> {
  const input = RequestPaymentInput.parse(raw);
  for (const provider of providers) {
    if (!(await provider.availableFor(businessId))) continue;
    const started = await startPayment(ctx, businessId, provider.name, input.bookingId);
    if (started.kind !== 'new') return started.kind === 'pending' ? { kind: 'payment', payment: toPaymentView(started.payment) } : { kind: 'nothing_due' };
    const payment = started.payment;
    try {
      const created = await provider.create({
        businessId,
        paymentId: payment.id,
        bookingId: input.bookingId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        description: input.description,
        expiresAt: payment.expiresAt!.getTime(),
        successUrl: input.successUrl,
        cancelUrl: input.cancelUrl,
        language: input.language,
      });
      return { kind: 'payment', payment: toPaymentView(await paymentCreated(ctx, businessId, payment.id, created)) };
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      await paymentFailed(ctx, businessId, payment.id, error.message);
    }
  }
  return { kind: 'unavailable' };
}

type Started = { kind: 'new' | 'pending'; payment: Payment } | { kind: 'nothing_due' };

// The payment row first, in its own transaction: the provider is then asked with our
// id as its idempotency key, so a crash in between makes no second charge.
async function startPayment(ctx: UseCaseContext, businessId: string, provider: PaymentProviderName, bookingId: string): Promise<Started> {
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const booking = await em.findOne(BookingSchema, { id: bookingId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['business'] });
    if (!booking) throw new NotFound('booking');
    if (booking.status !== 'pending' || booking.awaiting !== 'payment' || booking.depositMinor <= 0) return { kind: 'nothing_due' };
    const pending = await em.findOne(PaymentSchema, { booking: bookingId, status: 'pending' });
    if (pending) return { kind: 'pending', payment: pending };
    const now = ctx.now();
    const business = booking.business.getEntity();
    const dueAt = booking.paymentDueAt?.getTime() ?? now + business.paymentMinutes * 60_000;
    const payment = em.create(PaymentSchema, {
      business: businessId,
      booking: bookingId,
      provider,
      amountMinor: booking.depositMinor,
      currency: booking.currency,
      status: 'pending',
      expiresAt: new Date(Math.max(dueAt, now + 60_000)),
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    recordAudit(em, now, { businessId, actor: { kind: 'system' }, action: 'payment.requested', entityType: 'payment', entityId: payment.id, details: { bookingId, provider, amountMinor: payment.amountMinor, currency: payment.currency } });
    return { kind: 'new', payment };
  });
}

async function paymentCreated(ctx: UseCaseContext, businessId: string, paymentId: string, created: { providerPaymentId: string | null; link: string | null; expiresAt: number }): Promise<Payment> {
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const payment = await em.findOneOrFail(PaymentSchema, { id: paymentId }, { populate: ['booking'] });
    payment.providerPaymentId = created.providerPaymentId;
    payment.link = created.link;
    payment.expiresAt = new Date(created.expiresAt);
    // The slot is held for as long as the link works: released when the payment expires.
    const booking = payment.booking.getEntity();
    if (booking.status === 'pending' && booking.awaiting === 'payment') booking.paymentDueAt = new Date(created.expiresAt);
    return payment;
  });
}

async function paymentFailed(ctx: UseCaseContext, businessId: string, paymentId: string, problem: string): Promise<void> {
  await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const payment = await em.findOneOrFail(PaymentSchema, { id: paymentId });
    payment.status = 'failed';
    payment.problem = problem.slice(0, 500);
  });
}
