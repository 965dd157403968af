import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingManagePath } from '../../../src/app/booking-page/booking-manage-link.ts';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { locationOf, pageVisitor, type PageVisitor } from './booking-page-visitor.ts';

let db: TestDatabase;
let h: PanelHarness;
let base: string;
const TOMORROW = '2031-03-04';

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm, { bookingPage: { limits: { postsPerMinutePerVisitor: 8, postsPerMinutePerAddress: 10_000, pagesPerMinutePerAddress: 10_000 } } });
  base = `/b/${h.world.business.slug}`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const booking = (id: string) => emForBusiness(db.orm, h.world.business.id).fork().findOneOrFail(BookingSchema, { id }, { populate: ['customer'] });

/** Walks the steps to a held time (`time`, local, tomorrow) and returns the hold's page path. */
async function holdTime(visitor: PageVisitor, time: string, query = ''): Promise<string> {
  const step = `${base}?service=${h.world.haircut.id}&staff=any&date=${TOMORROW}${query}`;
  const times = await visitor.get(step);
  expect(times.statusCode).toBe(200);
  const held = await visitor.post(`${base}/hold`, { service: h.world.haircut.id, staff: 'any', startsAt: String(h.world.at(time)), ...Object.fromEntries(new URLSearchParams(query)) });
  expect(held.statusCode, held.body).toBe(303);
  return locationOf(held);
}

const holdIdOf = (path: string) => /\/h\/([0-9a-f-]{36})/.exec(path)![1]!;

describe('the booking page, step by step', () => {
  it('offers services, specialists, a month with free days and the free times of a day', async () => {
    const visitor = pageVisitor(h.app);
    const services = await visitor.get(base);
    expect(services.statusCode).toBe(200);
    expect(services.body).toContain('Haircut');
    expect(services.body).toContain('rel="manifest"');
    const staff = await visitor.get(`${base}?service=${h.world.haircut.id}`);
    expect(staff.body).toContain('Anyone available');
    expect(staff.body).toContain('Specialist 1');
    const month = await visitor.get(`${base}?service=${h.world.haircut.id}&staff=${h.world.staff[0]!.id}`);
    expect(month.body).toContain(`date=${TOMORROW}`);
    // Today (before the 3rd) is not offered.
    expect(month.body).not.toContain('date=2031-03-02');
    const times = await visitor.get(`${base}?service=${h.world.haircut.id}&staff=any&date=${TOMORROW}`);
    expect(times.body).toContain(`value="${h.world.at('10:00')}"`);
    // htmx asks for the step only.
    const partial = await visitor.get(`${base}?service=${h.world.haircut.id}`, { 'hx-request': 'true' });
    expect(partial.body).not.toContain('<html');
    expect(partial.body).toContain('id="step"');
  });

  it('holds a time for the visitor, then books it with their details and campaign', async () => {
    const visitor = pageVisitor(h.app);
    const holdPath = await holdTime(visitor, '11:00', '&utm_campaign=spring-sale');
    const held = await booking(holdIdOf(holdPath));
    expect(held.status).toBe('held');
    expect(held.conversationKey).toMatch(/^page:/);
    expect(held.campaign).toBe('springsale');
    // Recorded as a booking-page booking: reports and the desk tell it from the web chat.
    expect(held.source).toBe('page');
    const form = await visitor.get(holdPath);
    expect(form.body).toContain('name="phone"');
    const done = await visitor.post(holdPath.split('?')[0]!, { name: 'Olena Page', phone: '+380671234001', email: 'olena@example.com', note: 'Short, please', website: '' });
    expect(done.statusCode, done.body).toBe(303);
    const manage = locationOf(done);
    expect(manage).toMatch(/\/m\/[0-9a-f-]{36}\?t=.+new=1/);
    const booked = await booking(held.id);
    expect(booked.status).toBe('confirmed');
    expect(booked.notes).toBe('Short, please');
    const customer = booked.customer.getEntity();
    expect([customer.name, customer.phone, customer.email, customer.phoneTrusted]).toEqual(['Olena Page', '+380671234001', 'olena@example.com', false]);
    const page = await visitor.get(manage);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your booking is made');
    expect(page.body).toContain(`/calendar/${h.world.business.slug}/${held.id}.ics?t=`);
  });

  it('keeps one live hold per visitor: a second time replaces the first', async () => {
    const visitor = pageVisitor(h.app);
    const first = holdIdOf(await holdTime(visitor, '12:00'));
    const second = holdIdOf(await holdTime(visitor, '13:00'));
    expect((await booking(first)).status).toBe('cancelled');
    expect((await booking(second)).status).toBe('held');
  });
});

describe('bad input on the booking page', () => {
  it('answers a malformed step, an unknown business or service and a post without its token with a message, changing nothing', async () => {
    const visitor = pageVisitor(h.app);
    expect((await visitor.get(`${base}?service=nope`)).statusCode).toBe(400);
    expect((await visitor.get(`${base}?service=${h.world.customers[0]}`)).statusCode).toBe(400);
    expect((await visitor.get('/b/no-such-business')).statusCode).toBe(404);
    expect((await visitor.get(`${base}?date=2031-02-30&service=${h.world.haircut.id}&staff=any`)).statusCode).toBe(400);
    const before = await emForBusiness(db.orm, h.world.business.id).fork().count(BookingSchema, {});
    const stranger = pageVisitor(h.app);
    const forged = await stranger.post(`${base}/hold`, { service: h.world.haircut.id, staff: 'any', startsAt: String(h.world.at('14:00')) });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('expired');
    await visitor.get(`${base}?service=${h.world.haircut.id}&staff=any&date=${TOMORROW}`);
    const json = await visitor.post(`${base}/hold`, {}, { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(415);
    const bad = await visitor.post(`${base}/hold`, { service: h.world.haircut.id, staff: 'any', startsAt: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(await emForBusiness(db.orm, h.world.business.id).fork().count(BookingSchema, {})).toBe(before);
  });

  it('shows what is wrong with the details and keeps the hold; a filled honeypot books nothing', async () => {
    const visitor = pageVisitor(h.app);
    const holdPath = (await holdTime(visitor, '15:00')).split('?')[0]!;
    const wrong = await visitor.post(holdPath, { name: '', phone: 'call me', email: 'not-an-email', note: '' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Please enter your name.');
    expect(wrong.body).toContain('aria-invalid="true"');
    expect(wrong.body).toContain('not-an-email');
    const notAPhone = await visitor.post(holdPath, { name: 'Ann', phone: '12345', email: '', note: '' });
    expect(notAPhone.statusCode).toBe(422);
    const trapped = await visitor.post(holdPath, { name: 'Bot', phone: '+380671234009', email: '', note: '', website: 'http://spam.example' });
    expect(trapped.statusCode).toBe(400);
    const held = await booking(holdIdOf(holdPath));
    expect(held.status).toBe('held');
    expect(held.customer.getEntity().phone).toBeNull();
  });

  it('sends a number another card has, or one with too many unconfirmed bookings, to the chat', async () => {
    const visitor = pageVisitor(h.app);
    const holdPath = (await holdTime(visitor, '16:00')).split('?')[0]!;
    // The world's first customer has +380671000000.
    const taken = await visitor.post(holdPath, { name: 'Someone', phone: '+380671000000', email: '', note: '' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('Please confirm in our chat');
    expect((await booking(holdIdOf(holdPath))).status).toBe('held');

    // A visitor whose card already waits on three bookings.
    const busy = pageVisitor(h.app);
    const ids: string[] = [];
    for (const time of ['09:00', '09:30', '17:00']) {
      const path = (await holdTime(busy, time)).split('?')[0]!;
      ids.push(holdIdOf(path));
      expect((await busy.post(path, { name: 'Busy', phone: '+380671234077', email: '', note: '' })).statusCode).toBe(303);
    }
    await emForBusiness(db.orm, h.world.business.id).fork().nativeUpdate(BookingSchema, { id: { $in: ids } }, { status: 'pending', awaiting: 'approval' });
    const path = (await holdTime(busy, '14:00')).split('?')[0]!;
    const refused = await busy.post(path, { name: 'Busy', phone: '+380671234077', email: '', note: '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('several bookings waiting');
  });

  it('refuses too many posts from one visitor', async () => {
    const visitor = pageVisitor(h.app);
    await visitor.get(`${base}?service=${h.world.haircut.id}&staff=any&date=${TOMORROW}`);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i += 1) statuses.push((await visitor.post(`${base}/hold`, { service: 'x' })).statusCode);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(400));
    expect(statuses[8]).toBe(429);
  });
});

describe('the private manage link', () => {
  // Each booking its own new card (none of the world's numbers).
  let managePhones = 0;
  async function booked(time: string): Promise<{ visitor: PageVisitor; id: string; manage: string }> {
    const visitor = pageVisitor(h.app);
    const holdPath = (await holdTime(visitor, time, '')).split('?')[0]!;
    const done = await visitor.post(holdPath, { name: 'Manage Me', phone: `+38067555${String((managePhones += 1)).padStart(4, '0')}`, email: '', note: '' });
    return { visitor, id: holdIdOf(holdPath), manage: locationOf(done).replace(/&new=1|new=1&?/, '') };
  }

  it('opens only with the right signature (or one of the previous APP_SECRET)', async () => {
    const { id, manage } = await booked('10:30');
    const anyone = pageVisitor(h.app);
    expect((await anyone.get(manage)).statusCode).toBe(200);
    expect((await anyone.get(`${base}/m/${id}?t=AAAAAAAAAAAAAAAAAAAAAA`)).statusCode).toBe(404);
    expect((await anyone.get(`${base}/m/${id}`)).statusCode).toBe(404);
    expect((await anyone.get(`/b/${h.other.business.slug}/m/${id}?${manage.split('?')[1]}`)).statusCode).toBe(404);
    const links = h.world.ctx.links!;
    const old = bookingManagePath({ secret: 'the-previous-app-secret-0123456789' }, h.world.business.slug, id);
    expect((await anyone.get(old)).statusCode).toBe(404);
    links.previousSecret = 'the-previous-app-secret-0123456789';
    try {
      expect((await anyone.get(old)).statusCode).toBe(200);
    } finally {
      delete links.previousSecret;
    }
  });

  it('moves the booking to another free time, and cancels it', async () => {
    const { id, manage } = await booked('12:30');
    const anyone = pageVisitor(h.app);
    const t = new URL(manage, 'http://x').searchParams.get('t')!;
    const move = await anyone.get(`${base}/m/${id}/move?t=${t}&date=2031-03-05`);
    expect(move.statusCode).toBe(200);
    expect(move.body).toContain(`value="${h.world.at('14:00', 2)}"`);
    const moved = await anyone.post(`${base}/m/${id}/move`, { t, startsAt: String(h.world.at('14:00', 2)) });
    expect(moved.statusCode, moved.body).toBe(303);
    expect((await booking(id)).startsAt.getTime()).toBe(h.world.at('14:00', 2));
    const forged = await anyone.post(`${base}/m/${id}/cancel`, { t: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(forged.statusCode).toBe(404);
    expect((await booking(id)).status).toBe('confirmed');
    const cancelled = await anyone.post(`${base}/m/${id}/cancel`, { t });
    expect(cancelled.statusCode).toBe(303);
    expect((await booking(id)).status).toBe('cancelled');
    expect((await anyone.get(locationOf(cancelled))).body).toContain('Your booking has been cancelled.');
  });

  it('keeps the business cutoff: too close to the visit, the customer cannot cancel', async () => {
    const { id, manage } = await booked('10:00');
    const t = new URL(manage, 'http://x').searchParams.get('t')!;
    h.world.clock.set(h.world.at('08:30'));
    try {
      const late = await pageVisitor(h.app).post(`${base}/m/${id}/cancel`, { t });
      expect(late.statusCode).toBe(409);
      expect((await booking(id)).status).toBe('confirmed');
    } finally {
      h.world.clock.reset();
    }
  });
});

describe('languages, frames and the installable page', () => {
  it('follows Accept-Language, and ?lang= switches and is remembered', async () => {
    expect((await pageVisitor(h.app, 'ru-RU,ru;q=0.9').get(base)).body).toContain('Выберите услугу');
    expect((await pageVisitor(h.app, 'uk').get(base)).body).toContain('Оберіть послугу');
    const visitor = pageVisitor(h.app, 'en');
    expect((await visitor.get(`${base}?lang=kk`)).body).toContain('Қызметті таңдаңыз');
    expect((await visitor.get(base)).body).toContain('<html lang="kk">');
    expect((await visitor.get(`${base}?lang=xx`)).statusCode).toBe(400);
  });

  it('may be framed only in the widget mode', async () => {
    const plain = await pageVisitor(h.app).get(base);
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plain.headers['x-frame-options']).toBe('DENY');
    const framed = await pageVisitor(h.app).get(`${base}?embed=1&origin=${encodeURIComponent('http://shop.example:8080')}`);
    expect(framed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(framed.headers['x-frame-options']).toBeUndefined();
    expect(framed.body).toContain('origin=http%3A%2F%2Fshop.example%3A8080');
    expect((await pageVisitor(h.app).get(`${base}?embed=1&origin=javascript:alert(1)`)).statusCode).toBe(400);
  });

  it('serves a manifest with icons drawn in the brand colour, and the widget script', async () => {
    const manifest = await h.app.inject({ url: `${base}/manifest.webmanifest` });
    expect(manifest.headers['content-type']).toContain('application/manifest+json');
    const body = JSON.parse(manifest.body);
    expect(body.name).toBe('Kyiv Studio');
    expect(body.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const size of [192, 512]) {
      const icon = await h.app.inject({ url: `${base}/icon-${size}.png` });
      const png = PNG.sync.read(icon.rawPayload);
      expect([png.width, png.height]).toEqual([size, size]);
      // The corner is the brand colour (#1E90FF by default).
      expect([...png.data.subarray(0, 3)]).toEqual([0x1e, 0x90, 0xff]);
    }
    expect((await h.app.inject({ url: `${base}/icon-64.png` })).statusCode).toBe(404);
    const widget = await h.app.inject({ url: '/widget.js' });
    expect(widget.headers['content-type']).toContain('javascript');
    expect(widget.body).toContain('bookchat:booking_created');
  });
});

