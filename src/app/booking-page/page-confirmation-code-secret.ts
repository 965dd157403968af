import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { openSecret, sealSecret } from '../../db/secret-box.ts';
import type { PublicLinks } from '../calendars/booking-calendar-link.ts';

/** How long a booking page's code works. */
export const PAGE_CODE_MINUTES = 10;
/** How many wrong tries a code takes before it is spent. */
export const PAGE_CODE_TRIES = 5;
/** How many codes one hold may have sent (each a paid SMS): then the visitor goes to a chat. */
export const PAGE_CODES_PER_HOLD = 3;

const PURPOSE = 'page-confirmation-code';

/** A fresh six-digit code, evenly drawn. */
export function newPageCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

// Keyed by the app secret: six digits alone would be found from a plain hash at once.
function hashUnder(secret: string, codeId: string, code: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}:${codeId.toLowerCase()}:${code}`).digest('hex');
}

/** What is kept of a code: its HMAC under the current app secret, bound to its row. */
export function pageCodeHash(links: Pick<PublicLinks, 'secret'>, codeId: string, code: string): string {
  return hashUnder(links.secret, codeId, code);
}

/** True when `code` is the row's code (under the current secret, or the previous during a rotation). */
export function pageCodeMatches(links: Pick<PublicLinks, 'secret' | 'previousSecret'>, codeId: string, code: string, hash: string): boolean {
  const kept = Buffer.from(hash, 'hex');
  return [links.secret, links.previousSecret].some((secret) => {
    if (!secret) return false;
    const given = Buffer.from(hashUnder(secret, codeId, code), 'hex');
    return given.length === kept.length && timingSafeEqual(given, kept);
  });
}

/** The code sealed for its outbox message (the sender opens it to say it). */
export function sealPageCode(links: Pick<PublicLinks, 'secret' | 'previousSecret'>, code: string, codeId: string): string {
  return sealSecret({ current: links.secret, previous: links.previousSecret }, PURPOSE, code, codeId);
}

/** The sealed code, or null when it does not open (another row's, or a secret since retired). */
export function openPageCode(links: Pick<PublicLinks, 'secret' | 'previousSecret'>, sealed: string, codeId: string): string | null {
  try {
    return openSecret({ current: links.secret, previous: links.previousSecret }, PURPOSE, sealed, codeId);
  } catch {
    return null;
  }
}
