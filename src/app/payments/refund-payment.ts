import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { PaymentSchema } from '../../db/entities/index.ts';
import { majorToMinor } from '../catalog/currency-amount.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { InvalidRequest, NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link refundPayment}: the payment, and how much in major units (`12.50`; all that is left when absent). */
export const RefundPaymentInput = z.object({
  paymentId: z.uuid(),
  amount: z
    .string()
    .trim()
    .transform((v) => v.replace(',', '.'))
    .pipe(z.string().regex(/^\d{1,9}(\.\d{1,3})?$/, 'invalid_amount'))
    .optional(),
});

/** What a refund decided: the amount now due back, to be made by the refund sweep. */
export interface RefundDecided {
  paymentId: string;
  refundDueMinor: number;
}

/**
 * The business gives money back for a paid booking that is not cancelled (a complaint, a
 * shorter visit): all of what is left of the payment, or part of it. The refund is made
 * due in this transaction and made through the payment's provider by the refund sweep
 * (`makeDueRefunds`), so a provider outage delays it without losing it; Kaspi and cash
 * refunds stay due for the team to make by hand. More than is left, or a payment that
 * was never paid, is an `InvalidRequest`. Audited.
 */
export async function refundPayment(ctx: UseCaseContext, businessId: string, actor: Extract<Actor, { kind: 'business' }>, raw: z.input<typeof RefundPaymentInput>): Promise<RefundDecided> {
  const input = RefundPaymentInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const payment = await em.findOne(PaymentSchema, { id: input.paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!payment) throw new NotFound('payment');
    if (payment.status !== 'paid' && payment.status !== 'partially_refunded') throw new InvalidRequest('only money received can be refunded', 'errors.refund.not_paid');
    const left = payment.amountMinor - payment.refundedMinor - payment.refundDueMinor;
    const typed = input.amount === undefined ? left : majorToMinor(input.amount, payment.currency);
    if (typeof typed === 'string' || typed <= 0) throw new InvalidRequest('not an amount of this currency', 'errors.refund.bad_amount');
    const amount = typed;
    if (left <= 0) throw new InvalidRequest('nothing is left to refund', 'errors.refund.nothing_left');
    if (amount > left) throw new InvalidRequest('more than is left', 'errors.refund.too_much');
    payment.refundDueMinor += amount;
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'payment.refund_due', entityType: 'payment', entityId: payment.id, details: { bookingId: payment.booking.id, amountMinor: amount, decision: 'business' } });
    await em.flush();
    return { paymentId: payment.id, refundDueMinor: payment.refundDueMinor };
  });
}
