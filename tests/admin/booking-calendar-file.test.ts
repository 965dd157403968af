import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { cancelBooking } from '../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { bookingCalendarUrl } from '../../src/app/calendars/booking-calendar-link.ts';
import { updateBusinessProfile } from '../../src/app/catalog/update-business-profile.ts';
import { CustomerSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The confirmation's "Add to calendar": a signed link on PUBLIC_URL answers an
// iCalendar file of that one booking, parsed here by a real iCalendar reader.
let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;
let app: FastifyInstance;
let base: string;
const owner = { kind: 'business', userId: null } as const;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  w = await makeBookingWorld(db.orm, { customers: 1, slug: 'ics-one' });
  other = await makeBookingWorld(db.orm, { customers: 1, slug: 'ics-two' });
  app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, customerPages: { ctx: w.ctx, translator: await createTranslator(await loadMessages()) } });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** The link as the chat shows it, fetched from the running server instead of book.example. */
const local = (url: string) => url.replace('https://book.example', base);

async function fetchEvent(url: string): Promise<{ status: number; type: string | null; event: ICAL.Event | null; body: string }> {
  const res = await fetch(local(url));
  const body = await res.text();
  if (res.status !== 200) return { status: res.status, type: res.headers.get('content-type'), event: null, body };
  const vevent = new ICAL.Component(ICAL.parse(body)).getFirstSubcomponent('vevent');
  return { status: res.status, type: res.headers.get('content-type'), event: vevent ? new ICAL.Event(vevent) : null, body };
}

describe('GET /calendar/<slug>/<booking>.ics', () => {
  it('answers the booking as an event in UTC, in the customer\'s language, updated in place after a move and a cancellation', async () => {
    await updateBusinessProfile(w.ctx, w.business.id, owner, { address: 'Khreshchatyk 1, Kyiv', mapUrl: 'https://maps.example/kyiv-studio', phone: '+380441234567' });
    await emForBusiness(db.orm, w.business.id).nativeUpdate(CustomerSchema, { id: w.customers[0]! }, { locale: 'uk' });
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00') });
    const url = bookingCalendarUrl(w.ctx.links!, w.business.slug, booking.id);

    const first = await fetchEvent(url);
    expect(first.status).toBe(200);
    expect(first.type).toContain('text/calendar');
    expect(first.event!.uid).toBe(`${booking.id}@bookchat`);
    expect(first.event!.startDate.toJSDate().getTime()).toBe(w.at('11:00'));
    expect(first.event!.endDate.toJSDate().getTime()).toBe(booking.endsAt);
    expect(first.event!.summary).toBe(`Haircut — ${w.business.name}`);
    expect(first.event!.location).toBe('Khreshchatyk 1, Kyiv');
    expect(first.event!.description).toContain(`Спеціаліст: ${w.staff[0]!.name}`);
    expect(first.event!.description).toContain('+380441234567');
    expect(first.event!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');

    await rescheduleBooking(w.ctx, w.business.id, owner, { bookingId: booking.id, startsAt: w.at('14:00') });
    const moved = await fetchEvent(url);
    expect(moved.event!.uid).toBe(first.event!.uid);
    expect(moved.event!.startDate.toJSDate().getTime()).toBe(w.at('14:00'));
    expect(moved.event!.sequence).toBeGreaterThan(first.event!.sequence);

    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: booking.id });
    const cancelled = await fetchEvent(url);
    expect(cancelled.event!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event!.sequence).toBeGreaterThan(moved.event!.sequence);
  });

  it('answers the same 404 to a wrong signature, another business\'s slug, an unknown booking or a malformed path', async () => {
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('12:00') });
    const good = bookingCalendarUrl(w.ctx.links!, w.business.slug, booking.id);
    const forged = bookingCalendarUrl({ ...w.ctx.links!, secret: 'another-secret-another-secret-0000' }, w.business.slug, booking.id);
    const elsewhere = bookingCalendarUrl(w.ctx.links!, other.business.slug, booking.id);
    const unknown = bookingCalendarUrl(w.ctx.links!, w.business.slug, '00000000-0000-4000-8000-000000000000');
    const bad = [forged, elsewhere, unknown, good.replace(/\?t=.*$/, ''), good.replace('.ics', '.txt'), `${good}%00`, good.replace(w.business.slug, '..%2F..')];
    for (const url of bad) {
      const res = await fetchEvent(url);
      expect(res.status, url).toBe(404);
      expect(res.body, url).not.toContain('Haircut');
    }
    expect((await fetchEvent(good)).status).toBe(200);
  });

  it('still opens a link signed before an APP_SECRET rotation', async () => {
    const booking = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('16:00') });
    const oldLinks = w.ctx.links!;
    const signedBefore = bookingCalendarUrl(oldLinks, w.business.slug, booking.id);
    w.ctx.links = { publicUrl: oldLinks.publicUrl, secret: 'rotated-secret-rotated-secret-01234', previousSecret: oldLinks.secret };
    try {
      expect((await fetchEvent(signedBefore)).status).toBe(200);
    } finally {
      w.ctx.links = oldLinks;
    }
  });
});
