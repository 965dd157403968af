import { z } from 'zod';
import { Instant } from '../shared/input-schemas.ts';
import { findFreeSlots, type FreeSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { loadAvailability, loadSlotAvailability } from './load-availability.ts';
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

/** Free slots for a service in a range, with who can take each. */
export interface AvailabilityResult {
  timeZone: string;
  slots: FreeSlot[];
}

/**
 * Free slots for a service ("anyone" or one specialist) in `[from, to)`: a read-only
 * use case; data comes in a fixed number of queries whatever the range or staff count.
 */
export async function listAvailability(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListAvailabilityInput>): Promise<AvailabilityResult> {
  const q = ListAvailabilityInput.parse(raw);
  const em = emForBusiness(ctx.orm, businessId);
  const load = q.to - q.from <= ONE_TRIP_RANGE_MS ? loadSlotAvailability : loadAvailability;
  const loaded = await load(em, businessId, { serviceId: q.serviceId, staffId: q.staffId, from: q.from, to: q.to }, ctx.now());
  const zone = q.labelZone ?? loaded.business.timeZone;
  return { timeZone: zone, slots: findFreeSlots(loaded.input, { from: q.from, to: q.to, labelZone: zone }) };
}
