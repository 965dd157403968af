import { z } from 'zod';
import { BookingSchema, BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { createZoneClock, SlotTaken } from '../../domain/index.ts';
import { NotFound, SlotUnavailable } from '../shared/app-errors.ts';
import { ExpectedVersion, Id, Instant } from '../shared/input-schemas.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import type { BookingView } from './booking-view.ts';
import { rescheduleBooking } from './reschedule-booking.ts';

/** Input of {@link moveSeries}: the visit to move from, and where it goes. */
export const MoveSeriesInput = z.object({
  bookingId: z.uuid(),
  expectedVersion: ExpectedVersion,
  startsAt: Instant,
  /** Another specialist for all of them; the same ones when absent. */
  staffId: z.uuid().optional(),
});

/** What moving a series from one visit on did. */
export interface SeriesMoved {
  moved: BookingView[];
  /** Later visits whose new time was not free: left where they were, with the nearest free times. */
  kept: { bookingId: string; wanted: number; alternatives: number[] }[];
}

/**
 * Moves a visit of a series and every later one still booked to a new weekday and
 * local time (a regular customer's Tuesday 10:00 becomes Thursday 17:00): each visit
 * shifts by the same number of days to the same wall-clock time, so a DST change in
 * between keeps the hour. The visit chosen moves first and like any move (a taken time
 * is `SlotTaken` with alternatives, and nothing else moves); each later visit is then
 * moved on its own (its own transaction, notifications and audit), and one whose new
 * time is taken stays where it was and is reported — the rest still move.
 */
export async function moveSeries(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof MoveSeriesInput>): Promise<SeriesMoved> {
  const input = MoveSeriesInput.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const [origin, business] = await Promise.all([em.findOne(BookingSchema, { id: input.bookingId }), em.findOne(BusinessSchema, { id }, { fields: ['timeZone'] })]);
  if (!origin || !business) throw new NotFound('booking');
  const later = origin.seriesId
    ? await em.find(BookingSchema, { seriesId: origin.seriesId, startsAt: { $gt: origin.startsAt }, status: { $in: ['pending', 'confirmed'] } }, { orderBy: { startsAt: 'asc' } })
    : [];
  const clock = createZoneClock(business.timeZone);
  const dayShift = clock.epochDayOf(input.startsAt) - clock.epochDayOf(origin.startsAt.getTime());
  const newLabel = clock.label(input.startsAt).time;
  const minute = Number(newLabel.slice(0, 2)) * 60 + Number(newLabel.slice(3, 5));
  const staff = input.staffId ? { staffId: input.staffId } : {};

  const first = await rescheduleBooking(ctx, id, actor, { bookingId: origin.id, startsAt: input.startsAt, ...(input.expectedVersion ? { expectedVersion: input.expectedVersion } : {}), ...staff });
  const result: SeriesMoved = { moved: [first], kept: [] };
  for (const visit of later) {
    const wanted = clock.toInstant(clock.epochDayOf(visit.startsAt.getTime()) + dayShift, minute);
    try {
      result.moved.push(await rescheduleBooking(ctx, id, actor, { bookingId: visit.id, startsAt: wanted, ...staff }));
    } catch (error) {
      if (!(error instanceof SlotTaken) && !(error instanceof SlotUnavailable)) throw error;
      result.kept.push({ bookingId: visit.id, wanted, alternatives: error.alternatives.map((a) => a.startsAt) });
    }
  }
  return result;
}
