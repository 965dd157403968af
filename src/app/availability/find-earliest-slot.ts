import { z } from 'zod';
import { DAY_MS, type FreeSlot } from '../../domain/index.ts';
import { walkFreeSlots } from './free-slot-walk.ts';
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
  let first: FreeSlot | null = null;
  await walkFreeSlots(ctx, businessId, { serviceId: q.serviceId, staffId: q.staffId, chunkMs: CHUNK_MS }, (slots) => {
    first = slots[0] ?? null;
    return first !== null;
  });
  return first;
}
