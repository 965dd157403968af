import { bookableStartBounds, DAY_MS, findFreeSlots, type FreeSlot } from '../../domain/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { loadAvailability, loadSlotAvailability } from './load-availability.ts';

// How far the first look goes: a week, read with its bookings in one statement.
const FIRST_LOOK_MS = 7 * DAY_MS;

/**
 * Walks a service's free slots forward from now — the first week, then `chunkMs` of
 * availability per load — up to the booking horizon (read from the first load's policy). `visit` sees each chunk's
 * slots in order and the specialists that chunk was loaded for; it returns true when it
 * has what it looks for, and the walk stops there. The soonest-time reads share it, so
 * each costs one load for the usual case and never a load per specialist.
 */
export async function walkFreeSlots(
  ctx: UseCaseContext,
  businessId: string,
  query: { serviceId: string; staffId: string | null; chunkMs: number },
  visit: (slots: readonly FreeSlot[], staffIds: readonly string[]) => boolean,
): Promise<void> {
  const em = emForBusiness(ctx.orm, businessId);
  const now = ctx.now();
  let latest = now + query.chunkMs;
  for (let from = now, first = true; from <= latest; first = false) {
    // The first week in one round trip (it usually has what is looked for), then whole chunks.
    const length = first ? Math.min(FIRST_LOOK_MS, query.chunkMs) : query.chunkMs;
    const to = from + length;
    const load = first ? loadSlotAvailability : loadAvailability;
    const loaded = await load(em, businessId, { serviceId: query.serviceId, staffId: query.staffId, from, to }, now);
    latest = bookableStartBounds(loaded.input.policy, now).latest;
    const slots = findFreeSlots(loaded.input, { from, to, labelZone: loaded.business.timeZone });
    if (visit(slots, loaded.input.staff.map((s) => s.id))) return;
    from = to;
  }
}
