import { z } from 'zod';
import { BookingSchema, BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { createZoneClock, formatEpochDay } from '../../domain/index.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link teamDaySchedule}: today or tomorrow, in the business's own zone. */
export const TeamDayScheduleInput = z.object({ day: z.enum(['today', 'tomorrow']) });

/** One visit on a team's day sheet. */
export interface ScheduledVisit {
  startsAt: number;
  service: string;
  staff: string;
  customer: string;
  phone: string | null;
  status: string;
  /** What a pending booking waits for (`approval`, `payment`), else null. */
  awaiting: string | null;
}

/** A local day's visits, in time order, for the team chat (`/today`, `/tomorrow`). */
export interface TeamDaySchedule {
  /** `YYYY-MM-DD` in the business's zone. */
  date: string;
  timeZone: string;
  visits: ScheduledVisit[];
}

/**
 * The business's pending and confirmed (and already completed or missed) visits of a
 * local day, with phones and statuses: what a receptionist reads out in the morning.
 * Cancelled bookings and holds are left out.
 */
export async function teamDaySchedule(ctx: UseCaseContext, businessId: string, raw: z.input<typeof TeamDayScheduleInput>): Promise<TeamDaySchedule> {
  const input = TeamDayScheduleInput.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const business = await em.findOne(BusinessSchema, { id });
  if (!business) throw new NotFound('business');
  const clock = createZoneClock(business.timeZone);
  const day = clock.epochDayOf(ctx.now()) + (input.day === 'tomorrow' ? 1 : 0);
  const bookings = await em.find(
    BookingSchema,
    { status: { $in: ['pending', 'confirmed', 'completed', 'no_show'] }, startsAt: { $gte: new Date(clock.toInstant(day, 0)), $lt: new Date(clock.toInstant(day + 1, 0)) } },
    { populate: ['service', 'staffMember', 'customer'], orderBy: { startsAt: 'asc' }, limit: 200 },
  );
  return {
    date: formatEpochDay(day),
    timeZone: business.timeZone,
    visits: bookings.map((b) => ({
      startsAt: b.startsAt.getTime(),
      service: b.service.getEntity().name,
      staff: b.staffMember.getEntity().name,
      customer: b.customer.getEntity().name,
      phone: b.customer.getEntity().phone ?? null,
      status: b.status,
      awaiting: b.awaiting ?? null,
    })),
  };
}
