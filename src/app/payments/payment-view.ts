import type { Payment, PaymentProviderName, PaymentStatus } from '../../db/entities/index.ts';

/** A payment as the chats and the panel show it: plain data, times in epoch ms. */
export interface PaymentView {
  id: string;
  bookingId: string;
  provider: PaymentProviderName;
  status: PaymentStatus;
  amountMinor: number;
  currency: string;
  /** Where the customer pays (none for cash). */
  link: string | null;
  expiresAt: number | null;
  paidAt: number | null;
  refundedMinor: number;
  problem: string | null;
}

/** The view of a payment row. */
export function toPaymentView(p: Payment): PaymentView {
  return {
    id: p.id,
    bookingId: typeof p.booking === 'string' ? p.booking : p.booking.id,
    provider: p.provider,
    status: p.status,
    amountMinor: p.amountMinor,
    currency: p.currency,
    link: p.link ?? null,
    expiresAt: p.expiresAt?.getTime() ?? null,
    paidAt: p.paidAt?.getTime() ?? null,
    refundedMinor: p.refundedMinor,
    problem: p.problem ?? null,
  };
}
