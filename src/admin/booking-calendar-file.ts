import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bookingCalendarEntry, type BookingCalendarEntry } from '../app/calendars/booking-calendar-entry.ts';
import { bookingIcs } from '../app/calendars/booking-ics.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { Translator } from '../i18n/translator.ts';

const Params = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), file: z.string().regex(/^[0-9a-f-]{36}\.ics$/) });
const Query = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });

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
  return bookingIcs(entry, (key, values) => translator.t(entry.language, `calendar_file.${key}`, values), now);
}
