import { BookingSchema, BusinessSchema, CalendarConnectionSchema, CalendarEventLinkSchema, type CalendarConnection } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { CalendarApi, PushedEvent } from './calendar-provider.ts';
import { saveRefreshedTokens } from './calendar-trouble.ts';
import { openTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';

// Bookings that belong on the specialist's calendar: confirmed ones and visits that happened.
const ON_CALENDAR = new Set(['confirmed', 'completed', 'no_show']);

/**
 * Brings a booking's calendar events in line with it: on the target calendar of its
 * specialist's connection while it is confirmed (inserted, or patched after a move —
 * the event id is kept per booking and connection, and the provider finds a lost one by
 * the booking id, so a retry never doubles it); deleted when it is cancelled, released
 * or moved to another specialist. Throws what the provider throws (the job retries).
 */
export async function pushBookingToCalendars(ctx: UseCaseContext, settings: CalendarSyncSettings, businessId: string, bookingId: string): Promise<void> {
  const em = emForBusiness(ctx.orm, businessId).fork();
  const booking = await em.findOne(BookingSchema, { id: bookingId }, { populate: ['service', 'staffMember', 'customer'] });
  const links = await em.find(CalendarEventLinkSchema, { booking: bookingId }, { populate: ['connection'] });
  const business = await em.findOneOrFail(BusinessSchema, { id: businessId });
  const wanted = booking && ON_CALENDAR.has(booking.status) ? await em.findOne(CalendarConnectionSchema, { staffMember: booking.staffMember.id, state: { $ne: 'revoked' }, targetCalendarId: { $ne: null } }) : null;
  const apiOf = (connection: CalendarConnection): CalendarApi | null => {
    const provider = settings.providers[connection.provider];
    return provider ? provider.api(openTokens(settings, connection), (tokens) => saveRefreshedTokens(ctx, settings, connection.id, businessId, tokens)) : null;
  };
  for (const link of links) {
    const connection = link.connection.getEntity();
    if (wanted && connection.id === wanted.id && link.calendarId === wanted.targetCalendarId) continue;
    if (connection.state !== 'revoked') await apiOf(connection)?.deleteEvent(link.calendarId, link.eventId);
    em.remove(link);
    await em.flush();
  }
  if (!wanted || !booking) return;
  const api = apiOf(wanted);
  if (!api) return;
  const existing = links.find((l) => l.connection.id === wanted.id && l.calendarId === wanted.targetCalendarId);
  const event: PushedEvent = {
    bookingId: booking.id,
    summary: `${booking.service.getEntity().name} — ${booking.guestName ?? booking.customer.getEntity().name}`,
    description: `BookChat · ${business.name}${booking.notes ? `\n${booking.notes}` : ''}`,
    startsAt: booking.startsAt.getTime(),
    endsAt: booking.endsAt.getTime(),
    timeZone: business.timeZone,
  };
  const eventId = await api.upsertEvent(wanted.targetCalendarId!, event, existing?.eventId ?? null);
  if (existing) {
    existing.eventId = eventId;
  } else {
    em.create(CalendarEventLinkSchema, { business: businessId, booking: booking.id, connection: wanted.id, calendarId: wanted.targetCalendarId!, eventId });
  }
  await em.flush();
}
