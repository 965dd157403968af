import { isActiveBooking } from './booking-status.ts';
import { blockedFrom, blockedUntil, type BookedTime } from './busy-time.ts';
import type { Resource } from './resource-availability.ts';
import type { Interval } from './time-interval.ts';

/**
 * Chooses which resource a new booking takes: the first resource (in the given order)
 * that is in service and has room for one more booking over `span` (the blocked time,
 * buffers included). Bookings that are seats of `sessionKey`'s group session already
 * hold a place for it, so a resource they use is chosen first. Null when none is free.
 */
export function pickFreeResource(
  resources: readonly Resource[],
  bookings: readonly (BookedTime & { readonly sessionKey?: string | null })[],
  span: Interval,
  now: number,
  sessionKey: string | null = null,
): string | null {
  if (sessionKey !== null) {
    const shared = bookings.find((b) => b.sessionKey === sessionKey && isActiveBooking(b, now) && b.resourceIds.length > 0);
    if (shared) return shared.resourceIds[0] ?? null;
  }
  for (const resource of resources) {
    if (resource.status !== 'active' || resource.capacity < 1) continue;
    const sessions = new Set<string>();
    let uses = 0;
    for (const b of bookings) {
      if (!b.resourceIds.includes(resource.id) || !isActiveBooking(b, now)) continue;
      if (blockedUntil(b) <= span.start || blockedFrom(b) >= span.end) continue;
      const key = b.sessionKey ?? b.id;
      if (sessions.has(key)) continue;
      sessions.add(key);
      uses += 1;
    }
    if (uses < resource.capacity) return resource.id;
  }
  return null;
}
