import { DAY_MS, DomainError, SlotTaken } from '../../domain/index.ts';
import { MAX_CACHED_MS } from '../availability/availability-cache.ts';
import type { LoadedAvailability } from '../availability/load-availability.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { DirectBookingRequest } from './book-in-one-statement.ts';
import { placeLoadedSlot, type SlotPlacement } from './place-slot.ts';

/**
 * What a booking on known schedule facts came to: written (the view is the caller's to
 * build), the slot found taken by the exclusion constraint (a lost race, or a lapsed
 * hold in the way: the caller reads the bookings around it), or nothing decided (no
 * facts kept, the facts refuse the slot, or the schedule changed since they were read:
 * the caller reads everything afresh).
 */
export type KnownScheduleOutcome<T> = { kind: 'written'; written: T } | { kind: 'raced' } | { kind: 'undecided' };

/** Writes the booking for a placement in one statement, guarded by the facts' snapshot; null when the guard let nothing through. */
export type GuardedWrite<T> = (placement: SlotPlacement, factsSnapshot: string) => Promise<T | null>;

/**
 * Where the facts for a slot are kept: one specialist's service on one UTC day. Facts are
 * read for two days either side of the slot, so any slot of the same day finds what
 * it needs (its day's hours and time off, a service at most a day long) among them.
 */
function scheduleFactsKey(businessId: string, serviceId: string, staffId: string, startsAt: number): string {
  return `${businessId}|${serviceId}|${staffId}|${Math.floor(startsAt / DAY_MS)}`;
}

/**
 * Keeps the schedule facts of a read for later bookings of the same specialist's service
 * that day, when a booking could be checked on them alone: one specialist with no daily
 * cap (only overlaps depend on other bookings, and the exclusion constraint settles
 * those), one seat, no resource. The bookings and the customer read with them are not kept.
 */
export function keepScheduleFacts(ctx: UseCaseContext, businessId: string, request: DirectBookingRequest, loaded: LoadedAvailability, now: number): void {
  const cache = ctx.scheduleFacts;
  if (!cache || !loaded.narrowed || request.staffId === null || loaded.service.capacity > 1 || loaded.service.requiresResourceKind !== null) return;
  const facts: LoadedAvailability = { ...loaded, customer: null, input: { ...loaded.input, bookings: [] }, sessionKeys: new Map() };
  // Pruning keeps the log of changes ten minutes: facts are kept far less than that.
  // (`began` matters only to shared loads of free slots, which facts never are.)
  cache.set(scheduleFactsKey(businessId, request.serviceId, request.staffId, request.startsAt), { result: facts, snapshot: loaded.snapshot, computedAt: now, validUntil: now + MAX_CACHED_MS, began: cache.ticket() });
}

/**
 * A direct booking in ONE statement when the specialist's schedule facts are known: the
 * slot is checked here against them (hours, notice, horizon, time off, calendar busy
 * times), overlaps are left to the exclusion constraint, and the statement writes only
 * if no schedule change committed since the facts were read and the customer exists
 * unblocked (`INSERT_BOOKING_WITH_CHANGES`' guard). Whatever it cannot decide it leaves
 * to the full read, which answers refusals with alternatives.
 */
export async function bookOnKnownSchedule<T>(
  ctx: UseCaseContext,
  businessId: string,
  request: DirectBookingRequest,
  now: number,
  write: GuardedWrite<T>,
): Promise<KnownScheduleOutcome<T>> {
  const entry = request.staffId === null ? undefined : ctx.scheduleFacts?.get(scheduleFactsKey(businessId, request.serviceId, request.staffId, request.startsAt), now);
  if (!entry) return { kind: 'undecided' };
  const known = entry.result;
  const loaded: LoadedAvailability = { ...known, customer: { id: request.customerId, blocked: false }, input: { ...known.input, now } };
  let placement: SlotPlacement;
  try {
    placement = placeLoadedSlot(loaded, request, now, request.force);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { kind: 'undecided' }; // a refusal: the full read says why, with alternatives
  }
  try {
    const written = await write(placement, entry.snapshot);
    return written === null ? { kind: 'undecided' } : { kind: 'written', written };
  } catch (error) {
    if (error instanceof SlotTaken) return { kind: 'raced' };
    throw error;
  }
}
