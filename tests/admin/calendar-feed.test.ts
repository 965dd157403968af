import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { bookingCalendarUrl } from '../../src/app/calendars/booking-calendar-link.ts';
import type { CalendarSettings } from '../../src/app/calendars/calendar-feed-token.ts';
import { rotateCalendarFeed } from '../../src/app/calendars/rotate-calendar-feed.ts';
import { showCalendarFeed } from '../../src/app/calendars/show-calendar-feed.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Private ICS feeds over real HTTP, read back by ical.js (an independent parser).
let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;
let app: FastifyInstance;
let base: string;
const owner = { kind: 'business', userId: null } as const;
const settings: CalendarSettings = { secrets: 'calendar-feed-test-secret-0123456789abcdef', publicUrl: 'https://book.example' };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  w = await makeBookingWorld(db.orm, { customers: 2, slug: 'feed-one' });
  other = await makeBookingWorld(db.orm, { customers: 1, slug: 'feed-two' });
  app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, customerPages: { ctx: w.ctx, translator: await createTranslator(await loadMessages()) } });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const local = (url: string) => url.replace('https://book.example', base);

async function fetchFeed(url: string) {
  const res = await fetch(local(url));
  const body = await res.text();
  if (res.status !== 200) return { res, body, calendar: null, events: [] as ICAL.Event[] };
  const calendar = new ICAL.Component(ICAL.parse(body));
  // As a calendar app does: the feed's own VTIMEZONE defines its TZID.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { res, body, calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('GET /calendar/feed/<token>.ics', () => {
  it('lists a staff member\'s bookings with stable UIDs, a move updated in place and a cancellation as CANCELLED, in the business zone', async () => {
    const [anna, bob] = w.staff;
    const kept = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: anna!.id, startsAt: w.at('10:00') });
    const moved = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: anna!.id, startsAt: w.at('12:00') });
    const notHers = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: bob!.id, startsAt: w.at('14:00') });
    const feed = await showCalendarFeed(w.ctx, settings, w.business.id, { staffId: anna!.id });
    expect(feed.url).toMatch(/^https:\/\/book\.example\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);

    const first = await fetchFeed(feed.url);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toContain('text/calendar');
    expect(first.res.headers.get('cache-control')).toBe('private, max-age=300');
    expect(first.calendar!.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Kyiv');
    expect(first.calendar!.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Kyiv');
    expect(first.events.map((e) => e.uid).sort()).toEqual([`${kept.id}@bookchat`, `${moved.id}@bookchat`].sort());
    const movedEvent = first.events.find((e) => e.uid === `${moved.id}@bookchat`)!;
    expect(movedEvent.startDate.toJSDate().getTime()).toBe(w.at('12:00'));
    expect(movedEvent.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Kyiv');
    expect(first.body).not.toContain(notHers.id);

    await rescheduleBooking(w.ctx, w.business.id, owner, { bookingId: moved.id, startsAt: w.at('15:00') });
    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: kept.id });
    const second = await fetchFeed(feed.url);
    const again = second.events.find((e) => e.uid === `${moved.id}@bookchat`)!;
    expect(again.startDate.toJSDate().getTime()).toBe(w.at('15:00'));
    expect(Number(again.component.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(movedEvent.component.getFirstPropertyValue('sequence')));
    expect(second.events.find((e) => e.uid === `${kept.id}@bookchat`)!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(second.events).toHaveLength(2);
  });

  it('the business feed has every specialist\'s bookings; showing a feed again keeps its URL', async () => {
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('16:00') });
    const feed = await showCalendarFeed(w.ctx, settings, w.business.id, {});
    expect((await showCalendarFeed(w.ctx, settings, w.business.id, {})).url).toBe(feed.url);
    const { events } = await fetchFeed(feed.url);
    expect(events.map((e) => e.uid)).toContain(`${booking.id}@bookchat`);
    expect(events.length).toBeGreaterThanOrEqual(4);
  });

  it('a wrong, malformed or rotated token is 404; the rotated feed answers at its new URL only', async () => {
    const feed = await showCalendarFeed(w.ctx, settings, w.business.id, { staffId: w.staff[0]!.id });
    const wrong = feed.url.replace(/feed\/.{4}/, 'feed/AAAA');
    expect((await fetch(local(wrong))).status).toBe(404);
    expect((await fetch(`${base}/calendar/feed/short.ics`)).status).toBe(404);
    const rotated = await rotateCalendarFeed(w.ctx, settings, w.business.id, owner, { staffId: w.staff[0]!.id });
    expect(rotated.url).not.toBe(feed.url);
    expect((await fetch(local(feed.url))).status).toBe(404);
    expect((await fetch(local(rotated.url))).status).toBe(200);
  });

  it('a business whose slug is "feed" still serves its single-booking files', async () => {
    const feedBusiness = await makeBookingWorld(db.orm, { customers: 1, slug: 'feed' });
    const booking = await createBooking(feedBusiness.ctx, feedBusiness.business.id, owner, { customerId: feedBusiness.customers[0]!, serviceId: feedBusiness.haircut.id, staffId: feedBusiness.staff[0]!.id, startsAt: feedBusiness.at('11:00') });
    const res = await fetch(local(bookingCalendarUrl(w.ctx.links!, 'feed', booking.id)));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`UID:${booking.id}@bookchat`);
  });

  it('another business\'s staff member, or someone else\'s feed for a staff-role user, is not found', async () => {
    await expect(showCalendarFeed(w.ctx, settings, w.business.id, { staffId: other.staff[0]!.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(showCalendarFeed(w.ctx, settings, w.business.id, { staffId: w.staff[0]!.id }, { ownUserId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
