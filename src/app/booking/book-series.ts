import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkSlot, SlotTaken } from '../../domain/index.ts';
import { BookingSchema } from '../../db/entities/index.ts';
import { isConcurrencyConflict, toSlotTaken } from '../../db/pg-errors.ts';
import { recordBookingChange } from '../notifications/record-booking-change.ts';
import { SlotUnavailable } from '../shared/app-errors.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { inBookingTransaction } from './booking-transaction.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
import { placeNewBooking } from './place-new-booking.ts';
import {
  alternativesFor,
  assertRepeatable,
  conflictReason,
  plannedVisits,
  SeriesRequest,
  seriesOrigin,
  visitsAvailability,
  type PlannedVisit,
  type SeriesConflict,
  type SeriesOrigin,
} from './series-plan.ts';

/** What booking a series gave: its id, the visits booked, and those that could not be. */
export interface SeriesBooked {
  seriesId: string;
  /** The new visits, in order (the booking repeated is the series' first visit, not listed). */
  booked: BookingView[];
  conflicts: SeriesConflict[];
}

/**
 * Repeats a customer's confirmed booking every one or two weeks: the booking becomes the
 * first visit of a series and each later visit is a booking of its own — same service,
 * specialist, price, note and guest — linked by the series id, placed like any other
 * booking (slot check, exclusion constraint, pricing) and recorded with audit and outbox
 * rows, all in one transaction. A visit that cannot be booked — taken since the preview,
 * or by someone inserting at the same moment — does not undo the others: each is
 * placed under a savepoint and reported with the nearest free times instead. Repeating
 * a booking already in a series returns that series as it stands. `by`: the business
 * acting for the customer (the panel's desk), recorded as who did it.
 */
export async function bookSeries(ctx: UseCaseContext, businessId: string, customerId: string, rawInput: SeriesRequest, by?: Extract<Actor, { kind: 'business' }>): Promise<SeriesBooked> {
  const input = SeriesRequest.parse(rawInput);
  // The customer in their chat, or the desk booking for them (recorded as the business).
  const actor: Actor = by ?? { kind: 'customer', customerId };
  return inBookingTransaction(ctx, businessId, null, async (em) => {
    const now = ctx.now();
    // Locked: a double tap on "Book" waits for the first and finds its series.
    const origin = await seriesOrigin(em, businessId, input.bookingId, customerId, true);
    if (origin.booking.seriesId) return seriesAsItStands(em, origin.booking.seriesId, origin.booking.startsAt);
    assertRepeatable(origin);
    const visits = plannedVisits(origin, input);
    const seriesId = randomUUID();
    origin.booking.seriesId = seriesId;
    await em.flush();
    const booked: BookingView[] = [];
    const missed: PlannedVisit[] = [];
    for (const visit of visits) {
      const placed = await placeVisit(em, origin, seriesId, visit, now, actor);
      if (placed) booked.push(placed);
      else missed.push(visit);
    }
    return { seriesId, booked, conflicts: await conflictsOf(em, origin, missed, now) };
  });
}

/** Places one visit under a savepoint: null when its time is not free (nothing of it is kept). */
async function placeVisit(em: EntityManager, origin: SeriesOrigin, seriesId: string, visit: PlannedVisit, now: number, actor: Actor): Promise<BookingView | null> {
  const { booking } = origin;
  try {
    return await em.transactional(async (inner) => {
      const request = { serviceId: booking.service.id, staffId: booking.staffMember.id, startsAt: visit.startsAt, customerId: booking.customer.id };
      const fields = { customerId: booking.customer.id, status: 'confirmed' as const, holdExpiresAt: null, source: booking.source, notes: booking.notes, guestName: booking.guestName ?? null, seriesId };
      const placed = await placeNewBooking(inner, origin.business.id, request, now, () => fields);
      recordBookingChange(inner, now, placed, 'booking.created', actor, { seriesId });
      recordBookingChange(inner, now, placed, 'booking.confirmed', actor, { seriesId });
      return toBookingView(placed);
    });
  } catch (error) {
    // A deadlock is the whole transaction's to retry; a taken or closed time is this visit's alone.
    if (isConcurrencyConflict(error)) throw error;
    const mapped = toSlotTaken(error);
    if (mapped instanceof SlotTaken || mapped instanceof SlotUnavailable) return null;
    throw error;
  }
}

/** Why each missed visit could not be booked, read after the others are in, with the nearest free times. */
async function conflictsOf(em: EntityManager, origin: SeriesOrigin, missed: PlannedVisit[], now: number): Promise<SeriesConflict[]> {
  if (missed.length === 0) return [];
  const loaded = await visitsAvailability(em, origin, missed, now);
  return missed.map((visit) => {
    const check = checkSlot(loaded.input, visit.startsAt);
    // Free now but refused a moment ago: a booking inserted beside ours, not yet visible.
    const reason = check.ok ? 'taken' : conflictReason(check.reason);
    return { ...visit, free: false, reason, alternatives: alternativesFor(loaded.input, visit.startsAt, origin.business.timeZone) };
  });
}

async function seriesAsItStands(em: EntityManager, seriesId: string, after: Date): Promise<SeriesBooked> {
  const later = await em.find(BookingSchema, { seriesId, startsAt: { $gt: after } }, { orderBy: { startsAt: 'asc' } });
  return { seriesId, booked: later.map(toBookingView), conflicts: [] };
}
