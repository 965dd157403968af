import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Where the links customers open live (`PUBLIC_URL`) and the keys that sign them. A
 * link names a booking by its id and carries a signature, so a booking id seen somewhere
 * else (a log, an integrator's webhook) opens nothing by itself.
 */
export interface PublicLinks {
  publicUrl: string;
  secret: string;
  /** APP_SECRET_PREVIOUS during a rotation: links signed before it still open. */
  previousSecret?: string | undefined;
}

// 128 bits of HMAC-SHA256 are plenty for a link that opens one booking's times.
function token(secret: string, bookingId: string): string {
  return createHmac('sha256', secret).update(`booking-calendar:${bookingId.toLowerCase()}`).digest().subarray(0, 16).toString('base64url');
}

/** The add-to-calendar link of a booking: `<PUBLIC_URL>/calendar/<slug>/<booking id>.ics?t=<signature>`. */
export function bookingCalendarUrl(links: PublicLinks, slug: string, bookingId: string): string {
  const base = links.publicUrl.replace(/\/+$/, '');
  return `${base}/calendar/${encodeURIComponent(slug)}/${bookingId}.ics?t=${token(links.secret, bookingId)}`;
}

/** True when `given` is the booking's link signature under the current or the previous key. */
export function bookingCalendarTokenValid(links: Pick<PublicLinks, 'secret' | 'previousSecret'>, bookingId: string, given: string): boolean {
  const got = Buffer.from(given);
  return [links.secret, links.previousSecret].some((secret) => {
    if (!secret) return false;
    const want = Buffer.from(token(secret, bookingId));
    return want.length === got.length && timingSafeEqual(want, got);
  });
}
