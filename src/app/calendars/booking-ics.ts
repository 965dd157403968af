import ical, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { BookingCalendarEntry } from './booking-calendar-entry.ts';
import type { CalendarFeedContent } from './calendar-feed-entries.ts';

const STATUS = { confirmed: ICalEventStatus.CONFIRMED, tentative: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED } as const;

/** The words of an event's description, in the entry's language (the caller's translator). */
export type CalendarWording = (key: 'staff' | 'phone' | 'map', values: Record<string, string>) => string;

/**
 * A booking as an iCalendar file (RFC 5545, by `ical-generator`): one event in UTC (every
 * calendar app shows it in its own zone), its UID the booking's id so a later copy
 * updates it, SEQUENCE the booking's version, STATUS:CANCELLED once cancelled — so a file
 * opened (or attached to an e-mail) again after a change moves or removes the event
 * instead of doubling it.
 */
export function bookingIcs(entry: BookingCalendarEntry, words: CalendarWording, now: number): string {
  const calendar = ical({ prodId: { company: 'BookChat', product: 'bookings', language: entry.language.toUpperCase() }, name: entry.businessName });
  addEvent(calendar, entry, words, now);
  return calendar.toString();
}

/**
 * Many bookings as one iCalendar feed (a staff member's or a business's private feed):
 * each event exactly as {@link bookingIcs} writes it (same UID, SEQUENCE and STATUS, so
 * a calendar that subscribed moves or drops an event when the booking changes), under
 * the business's time zone (X-WR-TIMEZONE and its VTIMEZONE) so calendar apps show the
 * feed in the zone the business works in.
 */
export function bookingsIcs(feed: CalendarFeedContent, words: CalendarWording, now: number): string {
  const vtimezone = vtimezoneOf(feed.timeZone);
  const calendar = ical({
    prodId: { company: 'BookChat', product: 'bookings', language: feed.language.toUpperCase() },
    name: feed.name,
    ttl: 300,
    // A zone the library lacks a definition of: events stay in UTC, still right everywhere.
    ...(vtimezone ? { timezone: { name: feed.timeZone, generator: () => vtimezone } } : {}),
  });
  for (const entry of feed.entries) addEvent(calendar, entry, words, now, vtimezone ? feed.timeZone : undefined);
  return calendar.toString();
}

// The VTIMEZONE block of an IANA zone (timezones-ical-library), or null when unknown.
function vtimezoneOf(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' && block[0].includes('BEGIN:VTIMEZONE') ? block[0] : null;
}

function addEvent(calendar: ICalCalendar, entry: BookingCalendarEntry, words: CalendarWording, now: number, zone?: string): void {
  const description = [
    words('staff', { staff: entry.staffName }),
    entry.phone ? words('phone', { phone: entry.phone }) : '',
    entry.mapUrl ? words('map', { url: entry.mapUrl }) : '',
  ].filter((line) => line !== '');
  calendar.createEvent({
    id: `${entry.bookingId}@bookchat`,
    sequence: entry.sequence,
    stamp: new Date(now),
    // In a zone: local times with its TZID (luxon converts); otherwise UTC.
    ...(zone
      ? { timezone: zone, start: DateTime.fromMillis(entry.startsAt, { zone }), end: DateTime.fromMillis(entry.endsAt, { zone }) }
      : { start: new Date(entry.startsAt), end: new Date(entry.endsAt) }),
    status: STATUS[entry.state],
    summary: `${entry.serviceName} — ${entry.businessName}`,
    description: description.join('\n'),
    ...(entry.address ? { location: entry.address } : {}),
    ...(entry.mapUrl ? { url: entry.mapUrl } : {}),
  });
}
