import type { EntityManager } from '@mikro-orm/postgresql';
import { checkSlot, nextFreeSlots, pickFreeResource, SlotTaken, type FreeSlot } from '../../domain/index.ts';
import { toSlotTaken } from '../../db/slot-taken-error.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { CustomerBlocked, NotFound, SlotUnavailable } from '../shared/app-errors.ts';
import { loadAvailability, type LoadedAvailability } from '../availability/load-availability.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A slot someone wants to book. */
export interface SlotRequest {
  serviceId: string;
  /** A chosen specialist, or null for "anyone". */
  staffId: string | null;
  startsAt: number;
  /** The booking being moved, when rescheduling (its own time is not busy). */
  ignoreBookingId?: string;
  /** The customer who will have the booking: must exist and not be blocked. */
  customerId?: string;
}

/** Where a booking for a slot goes: who, which resource, which group session. */
export interface SlotPlacement {
  loaded: LoadedAvailability;
  staffId: string;
  resourceId: string | null;
  /** The resource takes several bookings at once (overlaps are counted, not excluded). */
  resourceShared: boolean;
  groupSessionKey: string | null;
  startsAt: number;
  endsAt: number;
  blockedFrom: number;
  blockedUntil: number;
}

const TAKEN_REASONS = new Set(['staff_busy', 'resource_unavailable', 'session_full', 'daily_cap_reached']);

/**
 * Checks a slot against the business's rules and current bookings inside the caller's
 * transaction and decides staff, resource and group session. `force` (business only)
 * skips hours, notice and horizon — a walk-in at 20:30 — but never overlaps: those the
 * database refuses regardless. Serialises the counted cases (group seats, shared
 * resources) with transaction-scoped advisory locks taken before anything is read.
 */
export async function placeSlot(em: EntityManager, businessId: string, request: SlotRequest, now: number, force = false): Promise<SlotPlacement> {
  const loaded = await loadAvailability(
    em,
    businessId,
    {
      serviceId: request.serviceId,
      staffId: request.staffId,
      from: request.startsAt,
      to: request.startsAt + 1,
      ignoreBookingId: request.ignoreBookingId,
      customerId: request.customerId,
      lockCapacity: true,
    },
    now,
  );
  if (request.customerId !== undefined) {
    if (!loaded.customer) throw new NotFound('customer');
    if (loaded.customer.blocked) throw new CustomerBlocked();
  }
  const { input, service, business } = loaded;
  const zone = business.timeZone;
  const check = checkSlot(input, request.startsAt);
  let staffId: string;
  if (check.ok) {
    staffId = request.staffId ?? check.assignedStaffId;
  } else if (force && request.staffId && (check.reason === 'too_soon' || check.reason === 'beyond_horizon' || check.reason === 'outside_working_hours' || check.reason === 'daily_cap_reached')) {
    staffId = request.staffId;
  } else {
    const alternatives = nextFreeSlots(input, request.startsAt, 3, zone);
    if (TAKEN_REASONS.has(check.reason)) throw new SlotTaken(check.reason === 'resource_unavailable' ? 'resource' : 'staff', alternatives);
    throw new SlotUnavailable(check.reason, alternatives);
  }

  const startsAt = request.startsAt;
  const endsAt = startsAt + service.durationMinutes * 60_000;
  const blockedFrom = startsAt - service.bufferBeforeMinutes * 60_000;
  const blockedUntil = endsAt + service.bufferAfterMinutes * 60_000;
  const groupSessionKey = service.capacity > 1 ? `${service.id}|${staffId}|${startsAt}` : null;

  let resourceId: string | null = null;
  let resourceShared = false;
  if (service.requiresResourceKind) {
    const withKeys = input.bookings.map((b) => ({ ...b, sessionKey: loaded.sessionKeys.get(b.id) ?? null }));
    resourceId = pickFreeResource(input.resources ?? [], withKeys, { start: blockedFrom, end: blockedUntil }, now, groupSessionKey);
    if (resourceId === null) throw new SlotTaken('resource', nextFreeSlots(input, startsAt, 3, zone));
    resourceShared = (loaded.resources.find((r) => r.id === resourceId)?.capacity ?? 1) > 1;
  }
  return { loaded, staffId, resourceId, resourceShared, groupSessionKey, startsAt, endsAt, blockedFrom, blockedUntil };
}

/** The next free slots after `after`, read in a fresh unit of work (for a conflict found at commit). */
export async function alternativesAfter(ctx: UseCaseContext, businessId: string, request: SlotRequest): Promise<FreeSlot[]> {
  const em = emForBusiness(ctx.orm, businessId);
  const now = ctx.now();
  const loaded = await loadAvailability(em, businessId, { serviceId: request.serviceId, staffId: request.staffId, from: request.startsAt, to: request.startsAt + 1 }, now);
  return nextFreeSlots(loaded.input, request.startsAt, 3, loaded.business.timeZone);
}

/**
 * Runs `work` in one transaction of a business-scoped unit of work. A lost race for
 * the slot (the exclusion constraint firing at insert or commit) comes out as
 * `SlotTaken` carrying the next free alternatives for `request` (a value, or a getter
 * when the slot is known only inside the work), read after the failed transaction.
 * A deadlock — two transactions each waiting on the other's uncommitted row in the
 * exclusion check — and a race for a chat's one live hold are retried from the start:
 * the retry sees the winner's row.
 */
export async function inBookingTransaction<T>(
  ctx: UseCaseContext,
  businessId: string,
  request: SlotRequest | null | (() => SlotRequest | null),
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await withRetryOnDeadlock(() => emForBusiness(ctx.orm, businessId).transactional(work));
  } catch (error) {
    const mapped = toSlotTaken(error);
    const slot = typeof request === 'function' ? request() : request;
    if (mapped instanceof SlotTaken && mapped !== error && slot) {
      throw new SlotTaken(mapped.takenBy, await alternativesAfter(ctx, businessId, slot));
    }
    throw mapped;
  }
}

const RETRYABLE = new Set(['40P01', '40001']);
// Two first taps in one chat race to create its one live hold: the retry finds the
// winner's hold and replaces it, as a second tap would.
const RETRYABLE_CONSTRAINTS = new Set(['booking_one_hold_per_conversation']);

function isRetryable(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  if (typeof e?.code !== 'string') return false;
  return RETRYABLE.has(e.code) || (e.code === '23505' && typeof e.constraint === 'string' && RETRYABLE_CONSTRAINTS.has(e.constraint));
}

async function withRetryOnDeadlock<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      // A short random pause so the two sides do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20 * attempt)));
    }
  }
}
