import { z } from 'zod';
import { createZoneClock, formatEpochDay } from '../../domain/index.ts';
import { BOOKING_SOURCES, BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WaitlistEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { CustomerBlocked, InvalidRequest, NotFound } from '../shared/app-errors.ts';
import { LocalDate } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toWaitlistView, type WaitlistView } from './waitlist-view.ts';

/** Input of {@link joinWaitlist}. */
export const JoinWaitlistInput = z
  .object({
    customerId: z.uuid(),
    serviceId: z.uuid(),
    staffId: z.uuid().nullable().default(null),
    fromDate: LocalDate,
    toDate: LocalDate,
    /** The channel the customer asks from: an offer will be a booking from there. */
    source: z.enum(BOOKING_SOURCES).default('admin'),
  })
  .refine((i) => i.fromDate <= i.toDate, { message: 'fromDate must not be after toDate' });

/**
 * Puts a customer on the waitlist for a service (optionally one specialist) on a day
 * or range of local days. Joining again for the same request returns the same entry.
 */
export async function joinWaitlist(ctx: UseCaseContext, businessId: string, raw: z.input<typeof JoinWaitlistInput>): Promise<WaitlistView> {
  const input = JoinWaitlistInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const business = await em.findOneOrFail(BusinessSchema, { id: businessId });
    const today = formatEpochDay(createZoneClock(business.timeZone).epochDayOf(ctx.now()));
    if (input.toDate < today) throw new InvalidRequest('Those days are in the past', 'errors.waitlist_past');
    const customer = await em.findOne(CustomerSchema, { id: input.customerId });
    if (!customer) throw new NotFound('customer');
    if (customer.blocked) throw new CustomerBlocked();
    if (!(await em.findOne(ServiceSchema, { id: input.serviceId, active: true }))) throw new NotFound('service');
    if (input.staffId && !(await em.findOne(StaffMemberSchema, { id: input.staffId, active: true, services: { id: input.serviceId } }))) {
      throw new NotFound('staff member');
    }
    const fromDate = input.fromDate < today ? today : input.fromDate;
    const same = await em.findOne(WaitlistEntrySchema, {
      customer: customer.id,
      service: input.serviceId,
      staffMember: input.staffId,
      fromDate,
      toDate: input.toDate,
      status: { $in: ['waiting', 'offered'] },
    });
    const entry =
      same ??
      em.create(WaitlistEntrySchema, {
        business: businessId,
        customer: customer.id,
        service: input.serviceId,
        staffMember: input.staffId,
        fromDate,
        toDate: input.toDate,
        source: input.source,
      });
    await em.flush();
    return toWaitlistView(entry);
  });
}
