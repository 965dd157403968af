import { BookingSchema, BusinessSchema, type Booking, type Business } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { bookingCalendarTokenValid, type PublicLinks } from './booking-calendar-link.ts';

/**
 * One booking as a calendar event: what an add-to-calendar file holds. `state` follows
 * the booking: `confirmed` (booked, visited), `tentative` (waiting for approval or a
 * deposit), `cancelled` (cancelled, declined, released) — so a file opened again after a
 * cancellation takes the event off the customer's calendar.
 */
export interface BookingCalendarEntry {
  bookingId: string;
  startsAt: number;
  endsAt: number;
  state: 'confirmed' | 'tentative' | 'cancelled';
  /** Bumped by every change of the booking: a calendar app replaces an older copy. */
  sequence: number;
  serviceName: string;
  staffName: string;
  businessName: string;
  address: string;
  mapUrl: string;
  phone: string;
  /** The customer's language, else the business's: what the event's words are in. */
  language: string;
}

/**
 * The calendar entry of a booking of the business with this slug, when `token` is the
 * booking's link signature; null otherwise (no such business or booking, a held slot
 * nobody booked, a wrong signature — one answer for all, so a link reveals nothing).
 * Reads only.
 */
export async function bookingCalendarEntry(ctx: UseCaseContext, links: Pick<PublicLinks, 'secret' | 'previousSecret'>, slug: string, bookingId: string, token: string): Promise<BookingCalendarEntry | null> {
  if (!/^[0-9a-f-]{36}$/.test(bookingId) || !bookingCalendarTokenValid(links, bookingId, token)) return null;
  const business = await emAcrossBusinesses(ctx.orm).findOne(BusinessSchema, { slug });
  if (!business) return null;
  return entryOf(ctx, business, bookingId);
}

/**
 * The calendar entry of a booking of this business, for the service's own use (an
 * e-mail's attachment): no link signature to check. Null for no such booking or a held one.
 */
export async function bookingCalendarEntryOf(ctx: UseCaseContext, businessId: string, bookingId: string): Promise<BookingCalendarEntry | null> {
  const business = await emForBusiness(ctx.orm, businessId).findOne(BusinessSchema, { id: businessId });
  return business ? entryOf(ctx, business, bookingId) : null;
}

async function entryOf(ctx: UseCaseContext, business: Business, bookingId: string): Promise<BookingCalendarEntry | null> {
  const booking = await emForBusiness(ctx.orm, business.id).findOne(BookingSchema, { id: bookingId }, { populate: ['service', 'staffMember', 'customer'] });
  if (!booking || booking.status === 'held') return null;
  return calendarEntryOf(business, booking);
}

/** A booking (service, staff member and customer loaded) as a calendar entry of its business. */
export function calendarEntryOf(business: Business, booking: Booking): BookingCalendarEntry {
  const state = booking.status === 'pending' ? 'tentative' : booking.status === 'cancelled' ? 'cancelled' : 'confirmed';
  return {
    bookingId: booking.id,
    startsAt: booking.startsAt.getTime(),
    endsAt: booking.endsAt.getTime(),
    state,
    sequence: booking.version,
    serviceName: booking.service.getEntity().name,
    staffName: booking.staffMember.getEntity().name,
    businessName: business.name,
    address: business.address,
    mapUrl: business.mapUrl,
    phone: business.phone,
    language: booking.customer.getEntity().locale ?? business.defaultLocale,
  };
}
