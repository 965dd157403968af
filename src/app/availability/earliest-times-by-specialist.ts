import { z } from 'zod';
import { bookableStartBounds, DAY_MS, findFreeSlots } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { loadAvailability } from './load-availability.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Input of {@link earliestTimesBySpecialist}. */
export const EarliestTimesInput = z.object({ serviceId: z.uuid() });

// Two weeks at a time: nearly every specialist has a time in the first, so one load is
// the usual cost; someone booked out (or away) a while costs one more load per chunk, up
// to the booking horizon, never one per specialist.
const CHUNK_MS = 14 * DAY_MS;

/**
 * The soonest free start (epoch ms) of each specialist who does a service, by staff
 * member id, within the booking horizon; a specialist with no free time is left out.
 * Unlike `findEarliestSlot` called once per person, every specialist's time comes from
 * the same loads (the service's whole team at once), so the cost does not grow with
 * the number of specialists.
 */
export async function earliestTimesBySpecialist(ctx: UseCaseContext, businessId: string, raw: z.input<typeof EarliestTimesInput>): Promise<Map<string, number>> {
  const q = EarliestTimesInput.parse(raw);
  const em = emForBusiness(ctx.orm, businessId);
  const now = ctx.now();
  const found = new Map<string, number>();
  let latest = now + CHUNK_MS;
  for (let from = now; from <= latest; from += CHUNK_MS) {
    const to = from + CHUNK_MS;
    const loaded = await loadAvailability(em, businessId, { serviceId: q.serviceId, staffId: null, from, to }, now);
    latest = bookableStartBounds(loaded.input.policy, now).latest;
    for (const slot of findFreeSlots(loaded.input, { from, to, labelZone: loaded.business.timeZone })) {
      for (const staffId of slot.staffIds) if (!found.has(staffId)) found.set(staffId, slot.startsAt);
    }
    if (loaded.input.staff.every((s) => found.has(s.id))) break;
  }
  return found;
}
