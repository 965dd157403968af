import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DAY_MS, nearestFreeTimes, type AvailabilityInput, recurringStarts, type SlotRejection } from '../../domain/index.ts';
import { BookingSchema, BusinessSchema, ServiceSchema, type Booking, type Business, type Service } from '../../db/entities/index.ts';
import { loadAvailability, type LoadedAvailability } from '../availability/load-availability.ts';
import { InvalidRequest, NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { Instant } from '../shared/input-schemas.ts';

/** At most this many visits are added to a booking at once (a quarter of weekly lessons and some). */
export const MAX_REPEATS = 26;

/**
 * A booking to repeat: every `everyWeeks` weeks, `count` more times after it, at the
 * same local weekday and time; `instead` puts a visit that was taken at another time
 * (one of its nearest free ones) — at most six days either side of it.
 */
export const SeriesRequest = z.object({
  bookingId: z.uuid(),
  everyWeeks: z.union([z.literal(1), z.literal(2)]),
  count: z.number().int().min(1).max(MAX_REPEATS),
  instead: z.array(z.object({ index: z.number().int().min(1).max(MAX_REPEATS), startsAt: Instant })).max(MAX_REPEATS).default([]),
});
/** A {@link SeriesRequest} as callers write it. */
export type SeriesRequest = z.input<typeof SeriesRequest>;

/** Why a visit of a series cannot be booked, in the customer's terms. */
export type SeriesConflictReason = 'taken' | 'closed' | 'too_far';

/** A visit of a planned series: free to book, or not, with the nearest free times instead. */
export type SeriesVisit =
  | { index: number; startsAt: number; free: true }
  | { index: number; startsAt: number; free: false; reason: SeriesConflictReason; alternatives: number[] };

/** A visit that could not be booked, with the nearest free times of the same specialist. */
export type SeriesConflict = Extract<SeriesVisit, { free: false }>;

/** A planned visit: which occurrence, and when. */
export interface PlannedVisit {
  index: number;
  startsAt: number;
}

/** The booking a series repeats, with what decides whether it may be repeated. */
export interface SeriesOrigin {
  booking: Booking;
  service: Service;
  business: Business;
}

/**
 * Whether a booking can be repeated from the chat: a confirmed visit, not already part
 * of a series, of a service booked without the business's approval or a deposit — the
 * visits of a series are confirmed at once, and each would otherwise wait for an
 * approval or a payment of its own.
 */
export function canRepeat(origin: SeriesOrigin): boolean {
  const { booking, service, business } = origin;
  return isRepeatable({ status: booking.status, seriesId: booking.seriesId ?? null, depositMinor: booking.depositMinor, needsApproval: service.requiresApproval || business.approvalRequired });
}

/** What decides whether a booking may be repeated, as `BookingDetails` carries it. */
export interface RepeatFacts {
  status: Booking['status'];
  seriesId: string | null;
  depositMinor: number;
  /** Its service needs the business's approval, or the business approves every booking. */
  needsApproval: boolean;
}

/** {@link canRepeat} over facts already read (a chat's booking details). */
export function isRepeatable(facts: RepeatFacts): boolean {
  return facts.status === 'confirmed' && !facts.seriesId && facts.depositMinor === 0 && !facts.needsApproval;
}

/** Loads a customer's booking with its service and business (the booking locked when `forUpdate`). */
export async function seriesOrigin(em: EntityManager, businessId: string, bookingId: string, customerId: string, forUpdate = false): Promise<SeriesOrigin> {
  const booking = await em.findOne(BookingSchema, { id: bookingId }, forUpdate ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!booking) throw new NotFound('booking');
  if (booking.customer.id !== customerId) throw new NotYourBooking();
  const [service, business] = await Promise.all([em.findOne(ServiceSchema, { id: booking.service.id }), em.findOne(BusinessSchema, { id: businessId })]);
  if (!service || !business) throw new NotFound('service');
  return { booking, service, business };
}

/** Refuses a booking that cannot be repeated (see {@link canRepeat}). */
export function assertRepeatable(origin: SeriesOrigin): void {
  if (!canRepeat(origin)) throw new InvalidRequest('this booking cannot be repeated', 'errors.series.not_repeatable');
}

/**
 * The visits after the booking, in order, with the chosen replacements in place. A
 * replacement for a visit that is not planned, or further than six days from it, is
 * refused: it would be another booking, not this visit at another time.
 */
export function plannedVisits(origin: SeriesOrigin, request: z.output<typeof SeriesRequest>): PlannedVisit[] {
  const starts = recurringStarts({ firstStartsAt: origin.booking.startsAt.getTime(), everyWeeks: request.everyWeeks, count: request.count + 1, zone: origin.business.timeZone });
  const visits = starts.slice(1).map((startsAt, i) => ({ index: i + 1, startsAt }));
  for (const swap of request.instead) {
    const visit = visits[swap.index - 1];
    if (!visit || Math.abs(swap.startsAt - visit.startsAt) >= 7 * DAY_MS) throw new InvalidRequest('a replacement must be near its visit');
    visit.startsAt = swap.startsAt;
  }
  return visits;
}

const REASONS: Record<SlotRejection, SeriesConflictReason> = {
  staff_busy: 'taken',
  resource_unavailable: 'taken',
  session_full: 'taken',
  daily_cap_reached: 'taken',
  outside_working_hours: 'closed',
  no_staff: 'closed',
  too_soon: 'closed',
  beyond_horizon: 'too_far',
};

/** What a slot rejection means for a visit of a series. */
export function conflictReason(rejection: SlotRejection): SeriesConflictReason {
  return REASONS[rejection];
}

/**
 * The series' specialist's availability over the visits, and over the days after the
 * last one where the nearest free times may fall, read in the caller's unit of work.
 */
export async function visitsAvailability(em: EntityManager, origin: SeriesOrigin, visits: PlannedVisit[], now: number): Promise<LoadedAvailability> {
  const from = Math.min(...visits.map((v) => v.startsAt)) - DAY_MS;
  const to = Math.max(...visits.map((v) => v.startsAt)) + 7 * DAY_MS;
  return loadAvailability(em, origin.business.id, { serviceId: origin.service.id, staffId: origin.booking.staffMember.id, from, to }, now);
}

/** The nearest free times of the series' specialist instead of a visit that cannot be booked. */
export function alternativesFor(input: AvailabilityInput, startsAt: number, zone: string): number[] {
  return nearestFreeTimes(input, startsAt, zone).map((slot) => slot.startsAt);
}
