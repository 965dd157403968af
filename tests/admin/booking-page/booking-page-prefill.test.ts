import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { locationOf, pageVisitor, type PageVisitor } from './booking-page-visitor.ts';
import { holdIdOf, holdTime } from './page-holds.ts';

// Issue 18: a visitor's name and phone never travel in an address the page makes (a
// redirect, a link, a form's action, an htmx attribute, the language switcher): those end up
// in browser history, server and proxy logs and shared links. The widget may still pass them
// IN by the query string (its documented prefill); they then live in the visitor's encrypted
// cookie and in form bodies only.
let db: TestDatabase;
let w: BookingWorld;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1 });
  app = buildHttpServer({
    logger: pino({ level: 'silent' }),
    isDatabaseReachable: async () => true,
    bookingPage: {
      ctx: w.ctx,
      translator: await createTranslator(await loadMessages()),
      appSecret: 'page-prefill-app-secret-0123456789abc',
      publicUrl: 'http://book.example',
      emailCodes: true,
      limits: { postsPerMinutePerVisitor: 10_000, postsPerMinutePerAddress: 10_000, pagesPerMinutePerAddress: 10_000 },
    },
  });
  await app.ready();
  base = `/b/${w.business.slug}`;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const htmlText = (value: string) => value.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>');

/** Every address a response gives the browser: its Location and each href, src, action and hx-* attribute, decoded as a browser reads them. */
function addressesOf(response: LightMyRequestResponse): string[] {
  const raw = [...response.body.matchAll(/\s(?:href|src|action|hx-[a-z-]+)="([^"]*)"/g)].map((m) => htmlText(m[1]!));
  if (typeof response.headers.location === 'string') raw.push(response.headers.location);
  return raw.map((address) => {
    try {
      return decodeURIComponent(address.replaceAll('+', ' '));
    } catch {
      return address;
    }
  });
}

/** The addresses of a response that hold any of `secrets` (a name, a word of it, a phone's digits). */
function leaking(response: LightMyRequestResponse, secrets: string[]): string[] {
  return addressesOf(response).filter((address) => secrets.some((secret) => address.toLowerCase().includes(secret.toLowerCase())));
}

/** What the browser posts with a form of the page (its hidden fields) and `typed`, to the form's own action. */
async function submit(visitor: PageVisitor, page: LightMyRequestResponse, action: string, typed: Record<string, string>): Promise<LightMyRequestResponse> {
  const form = new RegExp(`<form method="post" action="${action.replaceAll('/', '\\/')}"[^>]*>([\\s\\S]*?)</form>`).exec(page.body);
  expect(form, `a form posting to ${action}`).not.toBeNull();
  const hidden = Object.fromEntries([...form![1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, htmlText(m[2]!)]));
  return visitor.post(action, { ...hidden, ...typed });
}

/** The first link on a page whose address includes `part`. */
function linkWith(page: LightMyRequestResponse, part: string): string {
  const found = [...page.body.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => htmlText(m[1]!)).find((href) => href.includes(part));
  expect(found, `a link with ${part}`).toBeDefined();
  return found!;
}

const booking = (id: string) => emForBusiness(db.orm, w.business.id).fork().findOneOrFail(BookingSchema, { id }, { populate: ['customer'] });

describe('the booking page writes no name or phone into an address', () => {
  it('takes the widget prefill by query string into the details form, then books, with neither in any address', async () => {
    const NAME = 'Widget Prefilla';
    const PHONE = '+380671239911';
    const secrets = ['Widget', 'Prefilla', '380671239911'];
    const visitor = pageVisitor(app);
    const origin = encodeURIComponent('http://shop.example:8080');
    const landing = await visitor.get(`${base}?embed=1&origin=${origin}&name=${encodeURIComponent(NAME)}&phone=${encodeURIComponent(PHONE)}&utm_campaign=summer-site&service=${w.haircut.id}`);
    expect(leaking(landing, secrets)).toEqual([]);
    // The address is cleaned at once (the frame's own address holds no phone either); the rest stays.
    expect(landing.statusCode).toBe(303);
    expect(locationOf(landing)).toBe(`${base}?embed=1&origin=${origin}&utm_campaign=summer-site&service=${w.haircut.id}`);

    // The steps, as a browser follows their links.
    const staff = await visitor.get(locationOf(landing));
    expect(staff.statusCode).toBe(200);
    expect(leaking(staff, secrets)).toEqual([]);
    const month = await visitor.get(linkWith(staff, 'staff=any'));
    expect(leaking(month, secrets)).toEqual([]);
    const times = await visitor.get(linkWith(month, 'date=2031-03-04'));
    expect(leaking(times, secrets)).toEqual([]);
    const held = await submit(visitor, times, `${base}/hold`, { startsAt: String(w.at('11:00')) });
    expect(held.statusCode, held.body).toBe(303);
    expect(leaking(held, secrets)).toEqual([]);

    // The details form is filled from the prefill; its address and links hold neither.
    const details = await visitor.get(locationOf(held));
    expect(details.statusCode).toBe(200);
    expect(details.body).toContain(`name="name" type="text" autocomplete="name" required maxlength="100" value="${NAME}"`);
    expect(details.body).toContain(`name="phone" type="tel" autocomplete="tel" required maxlength="32" value="${PHONE}"`);
    expect(leaking(details, secrets)).toEqual([]);
    const ukrainian = await visitor.get(linkWith(details, 'lang=uk'));
    expect(ukrainian.body).toContain(`value="${NAME}"`);
    expect(leaking(ukrainian, secrets)).toEqual([]);

    const holdPath = locationOf(held).split('?')[0]!;
    const done = await submit(visitor, details, holdPath, { name: NAME, phone: PHONE, email: '', note: '' });
    expect(done.statusCode, done.body).toBe(303);
    expect(leaking(done, secrets)).toEqual([]);
    expect(locationOf(done)).toMatch(/\/m\/[0-9a-f-]{36}\?t=[^&]+&new=1&embed=1&origin=http%3A%2F%2Fshop.example%3A8080&campaign=summersite$/);
    const manage = await visitor.get(locationOf(done));
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain('data-target-origin="http://shop.example:8080"');
    expect(leaking(manage, secrets)).toEqual([]);
    const booked = await booking(holdIdOf(holdPath));
    expect([booked.status, booked.campaign, booked.customer.getEntity().name, booked.customer.getEntity().phone]).toEqual(['confirmed', 'summersite', NAME, PHONE]);
  });

  it('after the details are posted, no redirect or link holds what was typed: booked, refused, asked again, or sent a code', async () => {
    const NAME = 'Marta Busyna';
    const PHONE = '+380671239922';
    const secrets = ['Marta', 'Busyna', '380671239922'];
    const visitor = pageVisitor(app);
    // Three bookings waiting for the team under this phone: each redirect is clean.
    for (const time of ['09:00', '09:30', '10:00']) {
      const holdPath = await holdTime(visitor, w, time);
      const done = await visitor.post(holdPath, { name: NAME, phone: PHONE, email: '', note: '' });
      expect(done.statusCode, done.body).toBe(303);
      expect(leaking(done, secrets)).toEqual([]);
      expect(leaking(await visitor.get(locationOf(done)), secrets)).toEqual([]);
      await emForBusiness(db.orm, w.business.id).fork().nativeUpdate(BookingSchema, { id: holdIdOf(holdPath) }, { status: 'pending', awaiting: 'approval' });
    }
    const holdPath = await holdTime(visitor, w, '14:00');
    const form = await visitor.get(holdPath);

    // A mistake in the form: shown again, with its links clean.
    const wrong = await submit(visitor, form, holdPath, { name: NAME, phone: PHONE, email: 'not-an-email', note: '' });
    expect(wrong.statusCode).toBe(422);
    expect(leaking(wrong, secrets)).toEqual([]);

    // No e-mail to send a code to: the refusal, whose "back to start" and language links hold no phone.
    const refused = await submit(visitor, form, holdPath, { name: NAME, phone: PHONE, email: '', note: '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('several bookings waiting');
    expect(leaking(refused, secrets)).toEqual([]);
    expect(refused.body).toContain(`href="${base}"`);

    // With an e-mail, the code step: its links, a wrong code's page and the way back to the form hold neither.
    const asked = await submit(visitor, form, holdPath, { name: NAME, phone: PHONE, email: 'marta@example.com', note: '' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.body).toContain('name="code"');
    expect(leaking(asked, secrets)).toEqual([]);
    const wrongCode = await submit(visitor, asked, `${holdPath}/code`, { code: '000000' });
    expect(wrongCode.statusCode).toBe(422);
    expect(leaking(wrongCode, secrets)).toEqual([]);
    const again = await visitor.get(linkWith(wrongCode, '/code?lang=ru'));
    expect(again.statusCode).toBe(303);
    expect(leaking(again, secrets)).toEqual([]);

    // A number that belongs to another card: refused to the chat, links clean.
    const other = await submit(visitor, form, holdPath, { name: NAME, phone: '+380671000000', email: '', note: '' });
    expect(other.statusCode).toBe(409);
    expect(leaking(other, [...secrets, '380671000000'])).toEqual([]);
    expect((await booking(holdIdOf(holdPath))).status).toBe('held');
  });

  it('refuses an over-long prefill (400) and remembers nothing of it', async () => {
    const visitor = pageVisitor(app);
    const long = await visitor.get(`${base}?phone=${'1'.repeat(40)}`);
    expect(long.statusCode).toBe(400);
    const holdPath = await holdTime(visitor, w, '16:00');
    const form = await visitor.get(holdPath);
    expect(form.body).toContain('name="phone" type="tel" autocomplete="tel" required maxlength="32" value=""');
  });
});
