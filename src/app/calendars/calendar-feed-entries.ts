import { z } from 'zod';
import { BookingSchema, CalendarFeedSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { calendarEntryOf, type BookingCalendarEntry } from './booking-calendar-entry.ts';
import { feedTokenHash, looksLikeFeedToken } from './calendar-feed-token.ts';

const DAY_MS = 86_400_000;
/** How far back a feed reaches: a month of past visits (and of cancellations, so a phone that missed one still drops it). */
export const FEED_PAST_DAYS = 30;

const Token = z.string().refine(looksLikeFeedToken);

/** What a feed holds: the business's name, zone and language, and its bookings as calendar entries. */
export interface CalendarFeedContent {
  name: string;
  timeZone: string;
  language: string;
  entries: BookingCalendarEntry[];
}

/**
 * The bookings behind a feed token: from {@link FEED_PAST_DAYS} back to the business's
 * booking horizon, every booking but a mere hold (cancelled ones as cancelled), one
 * staff member's or the whole business's. Null for a token that is no feed's (a wrong or
 * rotated one): one answer for every miss. Reads only.
 */
export async function calendarFeedEntries(ctx: UseCaseContext, token: string): Promise<CalendarFeedContent | null> {
  if (!Token.safeParse(token).success) return null;
  const feed = await emAcrossBusinesses(ctx.orm).fork().findOne(CalendarFeedSchema, { tokenHash: feedTokenHash(token) }, { populate: ['business', 'staffMember'] });
  if (!feed) return null;
  const business = feed.business.getEntity();
  const now = ctx.now();
  const em = emForBusiness(ctx.orm, business.id).fork();
  const bookings = await em.find(
    BookingSchema,
    {
      status: { $ne: 'held' },
      startsAt: { $gte: new Date(now - FEED_PAST_DAYS * DAY_MS), $lte: new Date(now + (business.bookingHorizonDays + 1) * DAY_MS) },
      ...(feed.staffMember ? { staffMember: feed.staffMember.id } : {}),
    },
    { populate: ['service', 'staffMember', 'customer'], orderBy: { startsAt: 'asc' } },
  );
  const entries = bookings.map((booking) => ({ ...calendarEntryOf(business, booking), language: business.defaultLocale }));
  const staffName = feed.staffMember?.getEntity().name;
  return { name: staffName ? `${business.name} — ${staffName}` : business.name, timeZone: business.timeZone, language: business.defaultLocale, entries };
}
