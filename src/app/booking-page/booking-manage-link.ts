import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PublicLinks } from '../calendars/booking-calendar-link.ts';

// 128 bits of HMAC-SHA256 under its own label: a calendar link's signature opens no manage page.
function token(secret: string, bookingId: string): string {
  return createHmac('sha256', secret).update(`booking-manage:${bookingId.toLowerCase()}`).digest().subarray(0, 16).toString('base64url');
}

/** The path of a booking's private manage page: `/b/<slug>/m/<booking id>?t=<signature>`. */
export function bookingManagePath(links: Pick<PublicLinks, 'secret'>, slug: string, bookingId: string): string {
  return `/b/${encodeURIComponent(slug)}/m/${bookingId}?t=${token(links.secret, bookingId)}`;
}

/** The manage page's full link on `PUBLIC_URL` (for a confirmation e-mail). */
export function bookingManageUrl(links: PublicLinks, slug: string, bookingId: string): string {
  return `${links.publicUrl.replace(/\/+$/, '')}${bookingManagePath(links, slug, bookingId)}`;
}

/** True when `given` is the booking's manage signature under the current or the previous key. */
export function bookingManageTokenValid(links: Pick<PublicLinks, 'secret' | 'previousSecret'>, bookingId: string, given: string): boolean {
  const got = Buffer.from(given);
  return [links.secret, links.previousSecret].some((secret) => {
    if (!secret) return false;
    const want = Buffer.from(token(secret, bookingId));
    return want.length === got.length && timingSafeEqual(want, got);
  });
}
