import { z } from 'zod';
import { Id, LocalDate } from '../shared/input-schemas.ts';
import { createZoneClock, formatEpochDay, HoldExpired } from '../../domain/index.ts';
import { BookingSchema, BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WaitlistEntrySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { CustomerBlocked, InvalidRequest, NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { toBookingView, type BookingView } from '../booking/booking-view.ts';
import { confirmBooking } from '../booking/confirm-booking.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';


/** Input of {@link joinWaitlist}. */
export const JoinWaitlistInput = z
  .object({
    customerId: z.uuid(),
    serviceId: z.uuid(),
    staffId: z.uuid().nullable().default(null),
    fromDate: LocalDate,
    toDate: LocalDate,
  })
  .refine((i) => i.fromDate <= i.toDate, { message: 'fromDate must not be after toDate' });

/** A waitlist entry as use cases return it. */
export interface WaitlistView {
  id: string;
  serviceId: string;
  staffId: string | null;
  fromDate: string;
  toDate: string;
  status: string;
  offerBookingId: string | null;
}

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
      });
    await em.flush();
    return view(entry);
  });
}

/**
 * The customer takes the slot a waitlist offer holds for them: the held booking is
 * confirmed like any other (`confirmBooking`) and the entry marked booked. An offer
 * that expired throws `HoldExpired`.
 */
export async function acceptWaitlistOffer(ctx: UseCaseContext, businessId: string, rawCustomerId: string, rawEntryId: string): Promise<BookingView> {
  const customerId = Id.parse(rawCustomerId);
  const entryId = Id.parse(rawEntryId);
  const em = emForBusiness(ctx.orm, businessId);
  const entry = await em.findOne(WaitlistEntrySchema, { id: entryId });
  if (!entry) throw new NotFound('waitlist entry');
  if (entry.customer.id !== customerId) throw new NotYourBooking();
  if (!entry.offerBooking) throw new InvalidRequest('There is no offer on this waitlist entry', 'errors.no_waitlist_offer');
  if (entry.status === 'booked') {
    return toBookingView(await em.findOneOrFail(BookingSchema, { id: entry.offerBooking.id }));
  }
  if (entry.status !== 'offered') throw new HoldExpired();
  return confirmBooking(ctx, businessId, { kind: 'customer', customerId }, { bookingId: entry.offerBooking.id });
}

/** The customer leaves the waitlist. */
export async function leaveWaitlist(ctx: UseCaseContext, businessId: string, rawCustomerId: string, rawEntryId: string): Promise<WaitlistView> {
  const customerId = Id.parse(rawCustomerId);
  const entryId = Id.parse(rawEntryId);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const entry = await em.findOne(WaitlistEntrySchema, { id: entryId });
    if (!entry) throw new NotFound('waitlist entry');
    if (entry.customer.id !== customerId) throw new NotYourBooking();
    if (entry.status === 'waiting') entry.status = 'cancelled';
    await em.flush();
    return view(entry);
  });
}

function view(e: { id: string; service: { id: string }; staffMember?: { id: string } | null; fromDate: string; toDate: string; status: string; offerBooking?: { id: string } | null }): WaitlistView {
  return {
    id: e.id,
    serviceId: e.service.id,
    staffId: e.staffMember?.id ?? null,
    fromDate: e.fromDate,
    toDate: e.toDate,
    status: e.status,
    offerBookingId: e.offerBooking?.id ?? null,
  };
}
