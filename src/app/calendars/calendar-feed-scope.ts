import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { CalendarFeedSchema, type CalendarFeed } from '../../db/entities/index.ts';
import { openSecret, sealSecret } from '../../db/secret-box.ts';
import { staffForSchedule, type ScheduleAccess } from '../catalog/schedule-access.ts';
import { CALENDAR_FEED_PURPOSE, calendarFeedUrl, feedTokenHash, newFeedToken, type CalendarSettings } from './calendar-feed-token.ts';

/**
 * Whose feed: one staff member's (a staff-role user only their own, as with schedules:
 * `access.ownUserId`), or the whole business's (no `staffId`).
 */
export const CalendarFeedScope = z.object({ staffId: z.string().max(64).optional() });

/** A feed as the panel shows it. */
export interface CalendarFeedView {
  url: string;
  rotatedAt: number;
  /** The staff member's, for a staff feed. */
  staff: { id: string; name: string } | null;
}

/** The feed row of a scope, checked for access; null when there is none yet. */
export async function feedOfScope(em: EntityManager, scope: z.infer<typeof CalendarFeedScope>, access: ScheduleAccess): Promise<{ row: CalendarFeed | null; staff: { id: string; name: string } | null }> {
  const member = scope.staffId === undefined ? null : await staffForSchedule(em, scope.staffId, access);
  const row = await em.findOne(CalendarFeedSchema, { scopeKey: member?.id ?? 'business' });
  return { row, staff: member ? { id: member.id, name: member.name } : null };
}

/** Gives a feed row a new token (sealed, hashed) and returns the token. */
export function setFeedToken(settings: CalendarSettings, row: CalendarFeed, now: number): string {
  const token = newFeedToken();
  row.tokenHash = feedTokenHash(token);
  row.tokenCiphertext = sealSecret(settings.secrets, CALENDAR_FEED_PURPOSE, token, row.id);
  row.rotatedAt = new Date(now);
  return token;
}

/** The view of a feed row: its URL opened from the sealed token. */
export function feedView(settings: CalendarSettings, row: CalendarFeed, staff: CalendarFeedView['staff']): CalendarFeedView {
  const token = openSecret(settings.secrets, CALENDAR_FEED_PURPOSE, row.tokenCiphertext, row.id);
  return { url: calendarFeedUrl(settings.publicUrl, token), rotatedAt: row.rotatedAt.getTime(), staff };
}
