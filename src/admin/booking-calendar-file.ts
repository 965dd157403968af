import type { FastifyInstance } from 'fastify';
import ical, { ICalEventStatus } from 'ical-generator';
import { z } from 'zod';
import { bookingCalendarEntry, type BookingCalendarEntry } from '../app/calendars/booking-calendar-entry.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { Translator } from '../i18n/translator.ts';

const Params = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), file: z.string().regex(/^[0-9a-f-]{36}\.ics$/) });
const Query = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });

const STATUS = { confirmed: ICalEventStatus.CONFIRMED, tentative: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED } as const;

/**
 * `GET /calendar/<slug>/<booking id>.ics?t=<signature>`: a booking as an iCalendar file,
 * the confirmation message's "Add to calendar". Times are in UTC, so every calendar app
 * shows them in its own zone. Opened again after a change it carries the same UID and a
 * higher SEQUENCE, so the event is updated (or, cancelled, taken off) rather than
 * doubled. A wrong signature, business or booking → the same 404.
 */
export function registerBookingCalendarFile(app: FastifyInstance, deps: { ctx: UseCaseContext; translator: Translator }): void {
  app.get('/calendar/:slug/:file', async (request, reply) => {
    const params = Params.safeParse(request.params);
    const query = Query.safeParse(request.query);
    const links = deps.ctx.links;
    const entry =
      params.success && query.success && links
        ? await bookingCalendarEntry(deps.ctx, links, params.data.slug, params.data.file.slice(0, 36), query.data.t)
        : null;
    if (!entry) return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="booking-${entry.bookingId.slice(0, 8)}.ics"`)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(calendarFile(deps.translator, entry, deps.ctx.now()));
  });
}

function calendarFile(translator: Translator, entry: BookingCalendarEntry, now: number): string {
  const t = (key: string, values: Record<string, string>) => translator.t(entry.language, `calendar_file.${key}`, values);
  const description = [
    t('staff', { staff: entry.staffName }),
    entry.phone ? t('phone', { phone: entry.phone }) : '',
    entry.mapUrl ? t('map', { url: entry.mapUrl }) : '',
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
