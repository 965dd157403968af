import { createHash, randomBytes } from 'node:crypto';
import type { AppSecrets } from '../../db/secret-box.ts';

/**
 * What the calendar use cases need from the configuration (parsed once in `main.ts`):
 * the app secrets feed tokens (and calendar connections' OAuth tokens) are sealed under,
 * and the public base URL feed links start with.
 */
export interface CalendarSettings {
  secrets: AppSecrets;
  publicUrl: string;
}

/** The purpose feed tokens are sealed for (`src/db/secret-box.ts`), bound to the feed's id. */
export const CALENDAR_FEED_PURPOSE = 'calendar-feed-token';

/** A new feed token: 256 random bits, base64url (43 characters). */
export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 a feed is found by: the token is long and random, so a fast hash is enough. */
export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when a string has the shape of a feed token (anything else is not looked up). */
export function looksLikeFeedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** A feed's URL: `<PUBLIC_URL>/calendar/feed/<token>.ics`. */
export function calendarFeedUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/calendar/feed/${token}.ics`;
}
