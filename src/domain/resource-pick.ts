import { isActiveBooking } from './booking-status.ts';
import { blockedFrom, blockedUntil, type BookedTime } from './busy-time.ts';
import type { Resource } from './resource-availability.ts';
import type { Interval } from './time-interval.ts';

/**
 * Chooses which resource a new booking takes: the first resource (in the given order)
 * that is in service and has room for one more booking throughout `span` (the blocked
 * time, buffers included) — fewer sessions than its capacity at every instant.
 * Bookings that are seats of `sessionKey`'s group session already hold a place for
 * it, so a resource they use is chosen first. Null when none is free.
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
    if (peakUse(resource.id, bookings, span, now) < resource.capacity) return resource.id;
  }
  return null;
}

/**
 * The most sessions using the resource at any one instant within `span` (seats of
 * one group session count once). Two bookings that do not overlap each other do not
 * add up, even if both overlap the span.
 */
function peakUse(resourceId: string, bookings: readonly (BookedTime & { readonly sessionKey?: string | null })[], span: Interval, now: number): number {
  const sessions = new Map<string, { start: number; end: number }>();
  for (const b of bookings) {
    if (!b.resourceIds.includes(resourceId) || !isActiveBooking(b, now)) continue;
    const start = Math.max(blockedFrom(b), span.start);
    const end = Math.min(blockedUntil(b), span.end);
    if (start >= end) continue;
    sessions.set(b.sessionKey ?? b.id, { start, end });
  }
  const edges: [number, number][] = [];
  for (const { start, end } of sessions.values()) edges.push([start, 1], [end, -1]);
  // Ends before starts at the same instant: half-open spans that touch do not overlap.
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
