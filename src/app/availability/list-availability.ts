import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Instant } from '../shared/input-schemas.ts';
import { findFreeSlots, type FreeSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { loadAvailability, loadSlotAvailability } from './load-availability.ts';
import { availabilityChangedSince, availabilityValidUntil, type AvailabilityCache } from './availability-cache.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

const MAX_RANGE_MS = 62 * 24 * 3600_000;
// Up to a week (a chat's day list, the API's usual page) facts and bookings come in one
// round trip; longer ranges bring enough bookings that rows decode faster than JSON.
const ONE_TRIP_RANGE_MS = 7 * 24 * 3600_000;

/** Input of {@link listAvailability}. */
export const ListAvailabilityInput = z
  .object({
    serviceId: z.uuid(),
    staffId: z.uuid().nullable().default(null),
    from: Instant,
    to: Instant,
    /** Zone for the local labels (the customer's); the business's when absent. */
    labelZone: z.string().min(1).max(64).optional(),
  })
  .refine((q) => q.to > q.from && q.to - q.from <= MAX_RANGE_MS, { message: 'range must be positive and at most 62 days' });

/** Free slots for a service in a range, with who can take each. Shared between callers: never change it. */
export interface AvailabilityResult {
  readonly timeZone: string;
  readonly slots: readonly FreeSlot[];
}

/**
 * Free slots for a service ("anyone" or one specialist) in `[from, to)`: a read-only
 * use case; data comes in a fixed number of queries whatever the range or staff count.
 * With the context's availability cache, an answer computed before is given again
 * after one small read that says nothing it depends on changed since (`availability-cache.ts`).
 */
export async function listAvailability(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListAvailabilityInput>): Promise<AvailabilityResult> {
  const q = ListAvailabilityInput.parse(raw);
  const em = emForBusiness(ctx.orm, businessId);
  const cache = ctx.availabilityCache;
  if (!cache) return computeAvailability(ctx, em, businessId, q, undefined);
  const ticket = cache.ticket();
  const key = `${businessId}|${q.serviceId}|${q.staffId ?? '*'}|${q.from}|${q.to}|${q.labelZone ?? ''}`;
  const cached = cache.get(key, ctx.now());
  if (cached && !(await availabilityChangedSince(em, businessId, cached.snapshot))) return cached.result;
  const newer = cache.newerThan(key, ticket, ctx.now());
  if (newer) return newer;
  const began = cache.ticket();
  const load = computeAvailability(ctx, em, businessId, q, { cache, key, began });
  cache.loading(key, began, load);
  return load;
}

// Loads the facts and computes the slots; keeps the answer when a cache is given and time leaves it standing.
async function computeAvailability(
  ctx: UseCaseContext,
  em: EntityManager,
  businessId: string,
  q: z.output<typeof ListAvailabilityInput>,
  keep: { cache: AvailabilityCache<AvailabilityResult>; key: string; began: number } | undefined,
): Promise<AvailabilityResult> {
  const now = ctx.now();
  const load = q.to - q.from <= ONE_TRIP_RANGE_MS ? loadSlotAvailability : loadAvailability;
  const loaded = await load(em, businessId, { serviceId: q.serviceId, staffId: q.staffId, from: q.from, to: q.to }, now);
  const zone = q.labelZone ?? loaded.business.timeZone;
  const slots = findFreeSlots(loaded.input, { from: q.from, to: q.to, labelZone: zone });
  // Frozen through: a kept answer goes to many callers.
  for (const slot of slots) {
    Object.freeze(slot.staffIds);
    Object.freeze(slot.local);
    Object.freeze(slot);
  }
  const result: AvailabilityResult = Object.freeze({ timeZone: zone, slots: Object.freeze(slots) });
  const validUntil = keep ? availabilityValidUntil(loaded.input, slots, q, now) : null;
  if (keep && validUntil !== null) keep.cache.set(keep.key, { result, snapshot: loaded.snapshot, computedAt: now, validUntil, began: keep.began });
  return result;
}
