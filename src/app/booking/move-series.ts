import { z } from 'zod';
import { BookingSchema, BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { createZoneClock, DomainError, SlotTaken } from '../../domain/index.ts';
import { BookingChanged, NotFound, SlotUnavailable } from '../shared/app-errors.ts';
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
 * between keeps the hour. The version the desk saw is checked first (`BookingChanged`).
 * Each visit is then moved like any move (its own transaction, notifications and
 * audit): forward shifts latest first and backward ones earliest first, so a visit
 * never runs into the next one's old time. A visit that cannot move (its new time
 * taken, or it changed meanwhile) stays where it was and is reported; when the visit
 * chosen is the only one and cannot move, its refusal is thrown (with the nearest free
 * times of a taken slot).
 */
export async function moveSeries(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof MoveSeriesInput>): Promise<SeriesMoved> {
  const input = MoveSeriesInput.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const [origin, business] = await Promise.all([em.findOne(BookingSchema, { id: input.bookingId }), em.findOne(BusinessSchema, { id }, { fields: ['timeZone'] })]);
  if (!origin || !business) throw new NotFound('booking');
  if (input.expectedVersion !== undefined && origin.version !== input.expectedVersion) throw new BookingChanged();
  const later = origin.seriesId
    ? await em.find(BookingSchema, { seriesId: origin.seriesId, startsAt: { $gt: origin.startsAt }, status: { $in: ['pending', 'confirmed'] } }, { orderBy: { startsAt: 'asc' } })
    : [];
  const clock = createZoneClock(business.timeZone);
  const dayShift = clock.epochDayOf(input.startsAt) - clock.epochDayOf(origin.startsAt.getTime());
  const newLabel = clock.label(input.startsAt).time;
  const minute = Number(newLabel.slice(0, 2)) * 60 + Number(newLabel.slice(3, 5));
  const staff = input.staffId ? { staffId: input.staffId } : {};
  const moves = [
    { bookingId: origin.id, wanted: input.startsAt },
    ...later.map((visit) => ({ bookingId: visit.id, wanted: clock.toInstant(clock.epochDayOf(visit.startsAt.getTime()) + dayShift, minute) })),
  ];
  if (input.startsAt > origin.startsAt.getTime()) moves.reverse();
  const result: SeriesMoved = { moved: [], kept: [] };
  let originRefusal: DomainError | null = null;
  for (const move of moves) {
    try {
      result.moved.push(await rescheduleBooking(ctx, id, actor, { bookingId: move.bookingId, startsAt: move.wanted, ...staff }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (move.bookingId === origin.id) originRefusal = error;
      const alternatives = error instanceof SlotTaken || error instanceof SlotUnavailable ? error.alternatives.map((a) => a.startsAt) : [];
      result.kept.push({ bookingId: move.bookingId, wanted: move.wanted, alternatives });
    }
  }
  if (originRefusal && result.moved.length === 0) throw originRefusal;
  result.moved.sort((a, b) => a.startsAt - b.startsAt);
  return result;
}
