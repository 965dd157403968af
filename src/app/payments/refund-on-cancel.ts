import type { EntityManager } from '@mikro-orm/postgresql';
import { PaymentSchema, type Booking, type Business } from '../../db/entities/index.ts';
import { recordAudit } from '../shared/record-audit.ts';

/**
 * What happens to money paid for a booking being cancelled: `policy` — all of it back
 * when the cancellation comes before the business's cancel cutoff, the deposit kept
 * after it; `full` or `none` — the business decided otherwise.
 */
export type CancelRefund = 'policy' | 'full' | 'none';

/**
 * Decides the refunds of a booking being cancelled, in the cancel's transaction: each paid
 * payment gets its refund due (the refund sweep makes it through the provider, so an
 * outage delays it without losing it); a payment still pending expires with the booking
 * (paid later anyway, it is flagged and refunded). Returns the total due back.
 */
export async function refundOnCancel(em: EntityManager, now: number, booking: Booking, business: Business, decision: CancelRefund): Promise<number> {
  const payments = await em.find(PaymentSchema, { booking: booking.id, status: { $in: ['pending', 'paid', 'partially_refunded'] } });
  const beforeCutoff = booking.startsAt.getTime() - now >= business.cancelCutoffMinutes * 60_000;
  const refundAll = decision === 'full' || (decision === 'policy' && beforeCutoff);
  let total = 0;
  for (const payment of payments) {
    if (payment.status === 'pending') {
      payment.status = 'expired';
      continue;
    }
    const due = refundAll ? payment.amountMinor - payment.refundedMinor : 0;
    if (due <= 0) continue;
    payment.refundDueMinor = due;
    total += due;
    recordAudit(em, now, { businessId: business.id, actor: { kind: 'system' }, action: 'payment.refund_due', entityType: 'payment', entityId: payment.id, details: { bookingId: booking.id, amountMinor: due, decision } });
  }
  return total;
}
