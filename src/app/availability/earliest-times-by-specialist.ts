import { z } from 'zod';
import { DAY_MS } from '../../domain/index.ts';
import { walkFreeSlots } from './free-slot-walk.ts';
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
  const found = new Map<string, number>();
  await walkFreeSlots(ctx, businessId, { serviceId: q.serviceId, staffId: null, chunkMs: CHUNK_MS }, (slots, staffIds) => {
    for (const slot of slots) {
      for (const staffId of slot.staffIds) if (!found.has(staffId)) found.set(staffId, slot.startsAt);
    }
    return staffIds.every((id) => found.has(id));
  });
  return found;
}
