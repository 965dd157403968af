import { z } from 'zod';
import { bookableStartBounds, DAY_MS, findFreeSlots, type FreeSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { loadAvailability } from './load-availability.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link findEarliestSlot}. */
export const FindEarliestSlotInput = z.object({
  serviceId: z.uuid(),
  /** One specialist, or null for whoever is free first. */
  staffId: z.uuid().nullable().default(null),
});

// Searched a month at a time: the first month almost always has a time, so one load is
// the usual cost, and a fully booked business still ends at its booking horizon.
const CHUNK_MS = 31 * DAY_MS;

/**
 * The earliest free slot for a service from now on, within the booking horizon, with
 * the specialist who would take it (`assignedStaffId`); null when there is none. For a
 * "soonest possible" shortcut, so a customer who just wants the next time needs one tap.
 */
export async function findEarliestSlot(ctx: UseCaseContext, businessId: string, raw: z.input<typeof FindEarliestSlotInput>): Promise<FreeSlot | null> {
  const q = FindEarliestSlotInput.parse(raw);
  const em = emForBusiness(ctx.orm, businessId);
  const now = ctx.now();
  let latest = now + CHUNK_MS;
  for (let from = now; from <= latest; from += CHUNK_MS) {
    const to = from + CHUNK_MS;
    const loaded = await loadAvailability(em, businessId, { serviceId: q.serviceId, staffId: q.staffId, from, to }, now);
    latest = bookableStartBounds(loaded.input.policy, now).latest;
    const first = findFreeSlots(loaded.input, { from, to, labelZone: loaded.business.timeZone })[0];
    if (first) return first;
  }
  return null;
}
