import { PaymentAccountSchema, PaymentSchema, type PaymentProviderName } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** The money a booking waits for, as its team post shows it: how, how much, and (Kaspi) the phone the team bills from. */
export interface PendingPaymentLine {
  provider: PaymentProviderName;
  amountMinor: number;
  currency: string;
  billingPhone: string | null;
}

/** The booking's pending payment for its team post, or null when none was asked for yet. */
export async function pendingPaymentLine(ctx: UseCaseContext, businessId: string, bookingId: string): Promise<PendingPaymentLine | null> {
  const em = emForBusiness(ctx.orm, businessId);
  const payment = await em.findOne(PaymentSchema, { booking: bookingId, status: 'pending' });
  if (!payment) return null;
  const account = payment.provider === 'kaspi' ? await em.findOne(PaymentAccountSchema, { business: businessId, provider: 'kaspi' }) : null;
  return { provider: payment.provider, amountMinor: payment.amountMinor, currency: payment.currency, billingPhone: account?.billingPhone ?? null };
}
