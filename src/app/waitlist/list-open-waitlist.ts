import { z } from 'zod';
import { WaitlistEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id, LocalDate } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** The most open entries listed at once (a waitlist longer than this is read by day or service). */
export const OPEN_WAITLIST_LIMIT = 500;

/** Input of {@link listOpenWaitlist}: optionally one local day the customer can come on, and one service. */
export const ListOpenWaitlistInput = z.object({
  day: LocalDate.optional(),
  serviceId: Id.optional(),
});

/** One open waitlist entry as the team reads it. */
export interface OpenWaitlistRow {
  id: string;
  customerId: string;
  customerName: string;
  customerPhone: string | null;
  serviceId: string;
  serviceName: string;
  /** The specialist asked for, if any. */
  staffName: string | null;
  fromDate: string;
  toDate: string;
  /** `waiting`, or `offered` while a freed slot is held for them. */
  status: string;
  offerExpiresAt: Date | null;
  /** The channel they asked from. */
  source: string;
  createdAt: Date;
}

/**
 * The entries still in line (waiting, or holding an offer), by first day, service and
 * queue order; `day` keeps those who can come on that day, `serviceId` those waiting
 * for that service.
 */
export async function listOpenWaitlist(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListOpenWaitlistInput>): Promise<OpenWaitlistRow[]> {
  const input = ListOpenWaitlistInput.parse(raw);
  const em = emForBusiness(ctx.orm, Id.parse(businessId));
  const entries = await em.find(
    WaitlistEntrySchema,
    {
      status: { $in: ['waiting', 'offered'] },
      ...(input.day ? { fromDate: { $lte: input.day }, toDate: { $gte: input.day } } : {}),
      ...(input.serviceId ? { service: input.serviceId } : {}),
    },
    { populate: ['customer', 'service', 'staffMember'], orderBy: { fromDate: 'asc', service: { name: 'asc' }, createdAt: 'asc' }, limit: OPEN_WAITLIST_LIMIT },
  );
  return entries.map((e) => {
    const customer = e.customer.getEntity();
    return {
      id: e.id,
      customerId: customer.id,
      customerName: customer.name,
      customerPhone: customer.phone ?? null,
      serviceId: e.service.id,
      serviceName: e.service.getEntity().name,
      staffName: e.staffMember ? e.staffMember.getEntity().name : null,
      fromDate: e.fromDate,
      toDate: e.toDate,
      status: e.status,
      offerExpiresAt: e.offerExpiresAt ?? null,
      source: e.source,
      createdAt: e.createdAt,
    };
  });
}
