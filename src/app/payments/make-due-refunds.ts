import { PaymentSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { PaymentProviderError } from './payment-provider.ts';
import { queueRefunded } from './apply-payment-event.ts';

/** What one run did: refunds made, left for a later run, and ones the team must make by hand. */
export interface RefundRun {
  made: number;
  later: number;
  byHand: number;
}

/**
 * Makes the business's refunds that are due, through each payment's own provider. The
 * refund key names the payment and the total it brings the refund to, so a retry after a
 * crash (or a timeout that did reach the provider) is the same refund, never a second.
 * A provider that cannot refund (Kaspi, cash) leaves it due and says so for the team.
 */
export async function makeDueRefunds(ctx: UseCaseContext, businessId: string, limit = 20): Promise<RefundRun> {
  const run: RefundRun = { made: 0, later: 0, byHand: 0 };
  const providers = ctx.payments?.providers ?? [];
  const em = emForBusiness(ctx.orm, businessId);
  const due = await em.find(PaymentSchema, { refundDueMinor: { $gt: 0 } }, { orderBy: { updatedAt: 'asc' }, limit });
  for (const payment of due) {
    const provider = providers.find((p) => p.name === payment.provider);
    const amountMinor = payment.refundDueMinor;
    try {
      if (!provider) throw new PaymentProviderError(`no ${payment.provider} provider in this process`, true);
      const refundId = await provider.refund({
        businessId,
        paymentId: payment.id,
        providerPaymentId: payment.providerPaymentId ?? null,
        providerChargeId: payment.providerChargeId ?? null,
        amountMinor,
        refundKey: `refund:${payment.id}:${payment.refundedMinor + amountMinor}`,
      });
      await emForBusiness(ctx.orm, businessId).transactional(async (tx) => {
        const row = await tx.findOneOrFail(PaymentSchema, { id: payment.id });
        // A refund event may have counted it already: the larger total wins.
        const before = row.refundedMinor;
        row.refundedMinor = Math.min(row.amountMinor, Math.max(row.refundedMinor, payment.refundedMinor + amountMinor));
        if (row.refundedMinor > before) queueRefunded(tx, ctx.now(), businessId, row, row.refundedMinor - before, row.refundedMinor);
        row.refundDueMinor = 0;
        row.status = row.refundedMinor >= row.amountMinor ? 'refunded' : 'partially_refunded';
        recordAudit(tx, ctx.now(), { businessId, actor: { kind: 'system' }, action: 'payment.refunded', entityType: 'payment', entityId: row.id, details: { amountMinor, refundId } });
      });
      run.made += 1;
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      if (error.retryable) run.later += 1;
      else {
        run.byHand += 1;
        // Stays due for the team to make; moved to the back so it does not block the others.
        await emForBusiness(ctx.orm, businessId).nativeUpdate(PaymentSchema, { id: payment.id }, { problem: `refund ${amountMinor} by hand: ${error.message}`.slice(0, 500), updatedAt: new Date(ctx.now()) });
      }
    }
  }
  return run;
}
