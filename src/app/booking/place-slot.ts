import type { EntityManager } from '@mikro-orm/postgresql';
import { checkSlot, nextFreeSlots, pickFreeResource, SlotTaken, type FreeSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { CustomerBlocked, NotFound, SlotUnavailable } from '../shared/app-errors.ts';
import { loadSlotAvailability, type LoadedAvailability } from '../availability/load-availability.ts';
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
  const loaded = await loadSlotAvailability(
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
  return placeLoadedSlot(loaded, request, now, force);
}

/**
 * {@link placeSlot}'s decision on availability already loaded for the slot (no I/O):
 * staff, resource and group session, or `SlotTaken` / `SlotUnavailable` with alternatives.
 */
export function placeLoadedSlot(loaded: LoadedAvailability, request: SlotRequest, now: number, force = false): SlotPlacement {
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
  const loaded = await loadSlotAvailability(em, businessId, { serviceId: request.serviceId, staffId: request.staffId, from: request.startsAt, to: request.startsAt + 1 }, now);
  return nextFreeSlots(loaded.input, request.startsAt, 3, loaded.business.timeZone);
}
