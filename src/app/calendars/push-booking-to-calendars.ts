import { BookingSchema, BusinessSchema, CalendarConnectionSchema, CalendarEventLinkSchema, type CalendarConnection } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { CalendarApi, PushedEvent } from './calendar-provider.ts';
import { saveRefreshedTokens } from './calendar-trouble.ts';
import { openTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';

// Bookings that belong on the specialist's calendar: confirmed ones and visits that happened.
const ON_CALENDAR = new Set(['confirmed', 'completed', 'no_show']);

/** A connection whose calendar failed (or refused) one step of a booking's push: the push is tried again. */
export interface CalendarPushFailure {
  connectionId: string;
  error: unknown;
}

/**
 * Brings a booking's calendar events in line with it: on the target calendar of each of
 * its specialist's connections (Google, Outlook) while it is confirmed (inserted, or
 * patched after a move — the event id is kept per booking and connection, and the
 * provider finds a lost one by the booking id, so a retry never doubles it); deleted when
 * it is cancelled, released or moved to another specialist. Each connection is tried on
 * its own: what one calendar fails is answered per connection (the caller retries and
 * marks that connection), and the others are done all the same.
 */
export async function pushBookingToCalendars(ctx: UseCaseContext, settings: CalendarSyncSettings, businessId: string, bookingId: string): Promise<CalendarPushFailure[]> {
  const em = emForBusiness(ctx.orm, businessId).fork();
  const booking = await em.findOne(BookingSchema, { id: bookingId }, { populate: ['service', 'staffMember', 'customer'] });
  const links = await em.find(CalendarEventLinkSchema, { booking: bookingId }, { populate: ['connection'] });
  const business = await em.findOneOrFail(BusinessSchema, { id: businessId });
  const wanted = booking && ON_CALENDAR.has(booking.status) ? await em.find(CalendarConnectionSchema, { staffMember: booking.staffMember.id, state: { $ne: 'revoked' }, targetCalendarId: { $ne: null } }) : [];
  const failures: CalendarPushFailure[] = [];
  const attempt = async (connection: CalendarConnection, step: (api: CalendarApi) => Promise<void>) => {
    const provider = settings.providers[connection.provider];
    if (!provider) return;
    try {
      await step(provider.api(openTokens(settings, connection), (tokens) => saveRefreshedTokens(ctx, settings, connection.id, businessId, tokens)));
    } catch (error) {
      failures.push({ connectionId: connection.id, error });
    }
  };
  for (const link of links) {
    const connection = link.connection.getEntity();
    if (wanted.some((w) => w.id === connection.id && w.targetCalendarId === link.calendarId)) continue;
    // A revoked calendar cannot be written: its link goes, the event stays there.
    const before = failures.length;
    if (connection.state !== 'revoked') await attempt(connection, (api) => api.deleteEvent(link.calendarId, link.eventId));
    if (failures.length > before) continue;
    em.remove(link);
    await em.flush();
  }
  if (!booking || wanted.length === 0) return failures;
  const event: PushedEvent = {
    bookingId: booking.id,
    summary: `${booking.service.getEntity().name} — ${booking.guestName ?? booking.customer.getEntity().name}`,
    description: `BookChat · ${business.name}${booking.notes ? `\n${booking.notes}` : ''}`,
    startsAt: booking.startsAt.getTime(),
    endsAt: booking.endsAt.getTime(),
    timeZone: business.timeZone,
  };
  for (const connection of wanted) {
    const target = connection.targetCalendarId!;
    await attempt(connection, async (api) => {
      const existing = links.find((l) => l.connection.id === connection.id && l.calendarId === target);
      const eventId = await api.upsertEvent(target, event, existing?.eventId ?? null);
      if (existing) existing.eventId = eventId;
      else em.create(CalendarEventLinkSchema, { business: businessId, booking: booking.id, connection: connection.id, calendarId: target, eventId });
      await em.flush();
    });
  }
  return failures;
}
