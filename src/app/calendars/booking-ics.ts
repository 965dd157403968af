import ical, { ICalEventStatus } from 'ical-generator';
import type { BookingCalendarEntry } from './booking-calendar-entry.ts';

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
  const description = [
    words('staff', { staff: entry.staffName }),
    entry.phone ? words('phone', { phone: entry.phone }) : '',
    entry.mapUrl ? words('map', { url: entry.mapUrl }) : '',
  ].filter((line) => line !== '');
  const calendar = ical({ prodId: { company: 'BookChat', product: 'bookings', language: entry.language.toUpperCase() }, name: entry.businessName });
  calendar.createEvent({
    id: `${entry.bookingId}@bookchat`,
    sequence: entry.sequence,
    stamp: new Date(now),
    start: new Date(entry.startsAt),
    end: new Date(entry.endsAt),
    status: STATUS[entry.state],
    summary: `${entry.serviceName} — ${entry.businessName}`,
    description: description.join('\n'),
    ...(entry.address ? { location: entry.address } : {}),
    ...(entry.mapUrl ? { url: entry.mapUrl } : {}),
  });
  return calendar.toString();
}
