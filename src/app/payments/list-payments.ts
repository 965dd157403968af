import { z } from 'zod';
import { BusinessSchema, PAYMENT_PROVIDERS, PAYMENT_STATUSES, PaymentSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { resolveRange, type ResolvedRange } from '../front-desk/booking-filters.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id, LocalDate } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Input of {@link listPayments}: local days the payments were asked for in (default the last 30), status, provider, page. */
export const ListPaymentsInput = z.object({
  from: z.preprocess(blank, LocalDate.optional()),
  to: z.preprocess(blank, LocalDate.optional()),
  status: z.preprocess(blank, z.enum(PAYMENT_STATUSES).optional()),
  provider: z.preprocess(blank, z.enum(PAYMENT_PROVIDERS).optional()),
  /** The page after this one (the last row's creation ms and id). */
  after: z.preprocess(blank, z.string().regex(/^\d{1,15}\.[0-9a-f-]{36}$/).optional()),
});

/** A payment as the panel's list shows it, with its booking and customer. */
export interface PaymentRow {
  id: string;
  bookingId: string;
  bookingStartsAt: number;
  service: string;
  customer: string;
  provider: (typeof PAYMENT_PROVIDERS)[number];
  status: (typeof PAYMENT_STATUSES)[number];
  amountMinor: number;
  refundedMinor: number;
  refundDueMinor: number;
  currency: string;
  createdAt: number;
  paidAt: number | null;
  markedPaidBy: string | null;
  problem: string | null;
}

/** A page of payments, newest first. */
export interface PaymentsPage {
  range: ResolvedRange;
  payments: PaymentRow[];
  next: string | null;
}

const PAGE = 50;

/**
 * The business's payments asked for in a range of local days, newest first, 50 a page,
 * by status and provider: what came in, what is pending, what was refunded or flagged
 * (money that does not fit its booking) and why. A range inverted or over a year is an
 * `InvalidRequest`.
 */
export async function listPayments(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListPaymentsInput>): Promise<PaymentsPage> {
  const input = ListPaymentsInput.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const business = await em.findOne(BusinessSchema, { id }, { fields: ['timeZone'] });
  if (!business) throw new NotFound('business');
  const range = resolveRange(input, business.timeZone, ctx.now(), { days: 30, endingToday: true });
  const after = input.after ? { at: new Date(Number(input.after.slice(0, input.after.indexOf('.')))), id: input.after.slice(input.after.indexOf('.') + 1) } : null;
  const rows = await em.find(
    PaymentSchema,
    {
      createdAt: { $gte: new Date(range.from), $lt: new Date(range.until) },
      ...(input.status ? { status: input.status } : {}),
      ...(input.provider ? { provider: input.provider } : {}),
      ...(after ? { $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] } : {}),
    },
    { populate: ['booking', 'booking.customer', 'booking.service'], orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: PAGE + 1 },
  );
  const payments = rows.slice(0, PAGE).map((p): PaymentRow => {
    const booking = p.booking.getEntity();
    return {
      id: p.id,
      bookingId: booking.id,
      bookingStartsAt: booking.startsAt.getTime(),
      service: booking.service.getEntity().name,
      customer: booking.customer.getEntity().name,
      provider: p.provider,
      status: p.status,
      amountMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      refundDueMinor: p.refundDueMinor,
      currency: p.currency,
      createdAt: p.createdAt.getTime(),
      paidAt: p.paidAt?.getTime() ?? null,
      markedPaidBy: p.markedPaidBy ?? null,
      problem: p.problem ?? null,
    };
  });
  const last = payments.at(-1);
  return { range, payments, next: rows.length > PAGE && last ? `${last.createdAt}.${last.id}` : null };
}
