import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bookingCalendarEntry, type BookingCalendarEntry } from '../app/calendars/booking-calendar-entry.ts';
import { bookingIcs, bookingsIcs } from '../app/calendars/booking-ics.ts';
import { calendarFeedEntries } from '../app/calendars/calendar-feed-entries.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { Translator } from '../i18n/translator.ts';

const Params = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), file: z.string().regex(/^[0-9a-f-]{36}\.ics$/) });
const SlugParam = z.object({ slug: z.string() });
const FileParam = z.object({ file: z.string() });
const Query = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });

/**
 * `GET /calendar/<slug>/<booking id>.ics?t=<signature>`: a booking as an iCalendar file,
 * the confirmation message's "Add to calendar". Times are in UTC, so every calendar app
 * shows them in its own zone. Opened again after a change it carries the same UID and a
 * higher SEQUENCE, so the event is updated (or, cancelled, taken off) rather than
 * doubled. A wrong signature, business or booking → the same 404.
 */
export function registerBookingCalendarFile(app: FastifyInstance, deps: { ctx: UseCaseContext; translator: Translator }): void {
  const bookingFile = async (slug: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const params = Params.safeParse({ slug, file: FileParam.safeParse(request.params).data?.file });
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
  };
  app.get('/calendar/:slug/:file', (request, reply) => bookingFile(SlugParam.safeParse(request.params).data?.slug, request, reply));
  registerCalendarFeed(app, deps, (request, reply) => bookingFile('feed', request, reply));
}

function calendarFile(translator: Translator, entry: BookingCalendarEntry, now: number): string {
  return bookingIcs(entry, (key, values) => translator.t(entry.language, `calendar_file.${key}`, values), now);
}

const BookingFile = z.object({ file: z.string().regex(/^[0-9a-f-]{36}\.ics$/) });
const FeedParams = z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/) });

/**
 * `GET /calendar/feed/<token>.ics`: a staff member's (or the business's) private feed,
 * the URL a calendar app subscribes to. A wrong or rotated token → 404. Calendar apps
 * poll: five minutes of private caching spares the database without hiding a change
 * for long. A business whose slug is `feed` keeps its booking files: a booking id is
 * not a token, so that request goes to the booking file.
 */
function registerCalendarFeed(app: FastifyInstance, deps: { ctx: UseCaseContext; translator: Translator }, bookingFile: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void {
  app.get('/calendar/feed/:file', async (request, reply) => {
    if (BookingFile.safeParse(request.params).success) return bookingFile(request, reply);
    const params = FeedParams.safeParse(request.params);
    const feed = params.success ? await calendarFeedEntries(deps.ctx, params.data.file.slice(0, -4)) : null;
    if (!feed) return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    const words = (key: 'staff' | 'phone' | 'map', values: Record<string, string>) => deps.translator.t(feed.language, `calendar_file.${key}`, values);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .send(bookingsIcs(feed, words, deps.ctx.now()));
  });
}
