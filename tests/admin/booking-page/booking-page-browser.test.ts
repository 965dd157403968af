import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, TeamChatSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { smtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { openPanelInBrowser, screenshot, seriousAxeViolations, type PanelInBrowser } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { busyVisitor, holdIdOf } from './page-holds.ts';

// The booking page and the widget in headless Chromium, end to end: a customer books on a
// phone-sized page with keyboard and taps, and through the widget's frame on a business's
// own site (a second local server); each booking is in the database, posted to the team's
// Telegram group (the fake Bot API) and listed in the panel. A phone with too many
// unconfirmed bookings confirms by a code sent by e-mail (a local SMTP server).
const TOKEN = '880044:AAHbookingPageBrowserTokenForFakeApi_1';
const TEAM_CHAT = -1009444;

let db: TestDatabase;
let h: PanelHarness;
let tg: TelegramOnFakeApi;
let browser: PanelInBrowser;
let site: Server;
let siteUrl: string;
let sink: SmtpSink;
let mailer: ReturnType<typeof smtpMailer>;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  h = await startPanelHarness(db.orm, { bookingPage: { emailCodes: true } });
  sink = await startSmtpSink();
  mailer = smtpMailer(sink.url, 'Studio <bookings@book.example>');
  tg = await startTelegramOnFakeApi(db.orm, { now: h.world.clock.now });
  expect((await tg.bots.connectTelegram(h.world.business.id, TOKEN, { kind: 'business', userId: null })).kind).toBe('connected');
  const em = emForBusiness(db.orm, h.world.business.id).fork();
  em.create(TeamChatSchema, { business: h.world.business.id, channel: 'telegram', chatId: String(TEAM_CHAT), title: 'Studio team' });
  await em.flush();
  browser = await openPanelInBrowser(h, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // The business's own site, on another port: a page with the pasted widget.
  const slug = h.world.business.slug;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kyiv Studio — our site</title></head><body>
<main><h1>Our studio</h1><p>Book below.</p>
<div id="booking" data-bookchat="${slug}" data-name="Widget Guest" data-phone="+380671239999" data-campaign="summer-site"></div></main>
<script>window.bookings = []; document.addEventListener('bookchat:booking_created', (e) => window.bookings.push({ on: e.target.id, ...e.detail }));</script>
<script src="${browser.base}/widget.js" data-business="${slug}" async></script>
</body></html>`;
  // Another page of the site: a link that opens the booking page over it, and the floating button.
  const popupHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kyiv Studio — prices</title></head><body>
<main><h1>Prices</h1><p><a href="#book" id="open" data-bookchat-link>Book a visit</a></p></main>
<script src="${browser.base}/widget.js" data-business="${slug}" data-bookchat-float data-label="Book online" async></script>
</body></html>`;
  site = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(request.url === '/popup' ? popupHtml : html));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await tg?.stop();
  mailer?.close();
  await sink?.close();
  await h?.close();
  await db?.drop();
});

/** Delivers the outbox through Telegram and returns the team group's posts that mention `text`. */
async function teamPostsAbout(text: string): Promise<string[]> {
  await dispatchRound({ ctx: h.world.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(h.world.ctx.now, async () => {}) });
  return [...tg.api.messages.values()].filter((m) => m.chatId === String(TEAM_CHAT) && m.text.includes(text)).map((m) => m.text);
}

/** The business's bookings list in the panel, searched for a name, as a manager reads it. */
async function panelList(name: string): Promise<string> {
  const manager = await h.as('manager');
  const list = await manager.get(`/admin/b/${h.world.business.slug}/bookings?q=${encodeURIComponent(name)}&from=2031-03-01&to=2031-03-31`);
  expect(list.statusCode).toBe(200);
  return list.body;
}

describe('the booking page in a browser', () => {
  it('books on a phone by taps and keyboard; the booking reaches the database, the team chat and the panel', async () => {
    const { page, errors, inspect } = browser;
    await page.goto(`${browser.base}/b/${h.world.business.slug}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Choose a service');
    await inspect('booking-page-1-services');
    // Keyboard: tab to the service and press Enter (htmx swaps the step in).
    await page.getByRole('link', { name: /Haircut/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Choose a specialist');
    await expect.poll(() => page.locator('#announce').textContent()).toBe('Choose a specialist');
    expect(page.url()).toContain(`service=${h.world.haircut.id}`);
    await page.getByRole('link', { name: 'Anyone available' }).tap();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Choose a day');
    await inspect('booking-page-2-month');
    await page.getByRole('link', { name: /Tuesday, (4 March|March 4), free times/ }).tap();
    await expect.poll(() => page.locator('h1').textContent()).toContain('choose a time');
    await inspect('booking-page-3-times');
    await page.getByRole('button', { name: '10:00' }).tap();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your details');
    await page.getByLabel('Your name').fill('Olena Phone');
    await page.getByLabel('Phone').focus();
    await page.keyboard.type('+380671230001');
    await page.getByLabel(/E-mail/).fill('olena.phone@example.com');
    await inspect('booking-page-4-details');
    await page.getByLabel('Phone').press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you! Your booking is made');
    await inspect('booking-page-5-booked');
    expect(await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toMatch(/\/calendar\/.+\.ics\?t=/);
    expect(await page.getByRole('link', { name: 'Continue in Telegram' }).getAttribute('href')).toMatch(/^https:\/\/t\.me\//);
    expect(errors).toEqual([]);

    const booked = await emForBusiness(db.orm, h.world.business.id).fork().findOneOrFail(BookingSchema, { customer: { name: 'Olena Phone' } }, { populate: ['customer'] });
    expect([booked.status, booked.startsAt.getTime(), booked.customer.getEntity().email]).toEqual(['confirmed', h.world.at('10:00'), 'olena.phone@example.com']);
    expect((await teamPostsAbout('Olena Phone')).length).toBeGreaterThan(0);
    expect(await panelList('Olena Phone')).toContain('Olena Phone');
  });

  it('books through the widget inline on another site; the host page hears of it', async () => {
    const host = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await host.page.goto(siteUrl);
    const frame = host.page.frameLocator('#booking iframe');
    await frame.getByRole('link', { name: /Haircut/ }).click();
    await frame.getByRole('link', { name: 'Specialist 2' }).click();
    await frame.getByRole('link', { name: /Tuesday, (4 March|March 4), free times/ }).click();
    await frame.getByRole('button', { name: '11:00' }).click();
    await expect.poll(() => frame.getByLabel('Your name').inputValue()).toBe('Widget Guest');
    expect(await frame.getByLabel('Phone').inputValue()).toBe('+380671239999');
    await screenshot(host.page, 'booking-widget-1-details');
    await frame.getByRole('button', { name: 'Confirm booking' }).click();
    await expect.poll(() => frame.locator('main').textContent()).toContain('Thank you! Your booking is made');
    await expect.poll(() => host.page.evaluate(() => (globalThis as unknown as { bookings: unknown[] }).bookings.length)).toBe(1);
    const [event] = await host.page.evaluate(() => (globalThis as unknown as { bookings: { on: string; bookingId: string; startsAt: string }[] }).bookings);
    await screenshot(host.page, 'booking-widget-2-booked');
    expect(await seriousAxeViolations(host.page)).toEqual([]);
    expect(host.errors).toEqual([]);

    const booked = await emForBusiness(db.orm, h.world.business.id).fork().findOneOrFail(BookingSchema, { id: event!.bookingId }, { populate: ['customer', 'staffMember'] });
    expect(event).toEqual({ on: 'booking', bookingId: booked.id, startsAt: new Date(h.world.at('11:00')).toISOString() });
    expect([booked.status, booked.customer.getEntity().name, booked.staffMember.id, booked.campaign]).toEqual(['confirmed', 'Widget Guest', h.world.staff[1]!.id, 'summersite']);
    expect((await teamPostsAbout('Widget Guest')).length).toBeGreaterThan(0);
    expect(await panelList('Widget Guest')).toContain('Widget Guest');
  });

  it('opens the booking page over the site from a link and from the floating button, and closes it with Escape', async () => {
    const host = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await host.page.goto(`${siteUrl}popup`);
    const floating = host.page.getByRole('button', { name: 'Book online' });
    await floating.waitFor();
    await host.page.getByRole('link', { name: 'Book a visit' }).click();
    const dialog = host.page.getByRole('dialog');
    await dialog.waitFor();
    await host.page.frameLocator('[role="dialog"] iframe').getByRole('link', { name: /Haircut/ }).waitFor();
    expect(host.page.url()).toBe(`${siteUrl}popup`);
    await screenshot(host.page, 'booking-widget-3-popup');
    expect(await seriousAxeViolations(host.page)).toEqual([]);
    await host.page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await host.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('open');
    await floating.click();
    await host.page.frameLocator('[role="dialog"] iframe').getByRole('link', { name: /Haircut/ }).waitFor();
    await host.page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => host.page.getByRole('dialog').count()).toBe(0);
    expect(host.errors).toEqual([]);
  });

  it('asks a busy phone for a code: the code step and its wrong-code state pass axe and work with the keyboard', async () => {
    const PHONE = '+380671238001';
    const { visitor, holdPath } = await busyVisitor(h.app, db.orm, h.world, PHONE, ['12:00', '12:30', '13:00'], '14:00', '2031-03-05');
    // The same visitor (their cookie) in the browser, at the checkout of their fourth time.
    const { page, errors, inspect } = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, expectedStatuses: [422] });
    await page.context().addCookies([{ name: 'bookchat_page', value: visitor.cookie()!, domain: '127.0.0.1', path: '/b' }]);
    await page.goto(`${browser.base}${holdPath}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your details');
    expect(await page.getByLabel('Phone').inputValue()).toBe(PHONE);
    await page.getByLabel(/E-mail/).fill('busy.browser@example.com');
    await page.getByLabel(/E-mail/).press('Enter');

    await expect.poll(() => page.locator('h1').textContent()).toBe('Confirm with a code');
    await expect.poll(() => page.locator('#announce').textContent()).toBe('Confirm with a code');
    expect(await page.locator('#code-sent').textContent()).toBe('We sent a 6-digit code by e-mail to b•••@example.com. It works for 10 minutes.');
    // Focus lands on the code field, which names where the code went.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('f-code');
    expect(await page.getByLabel('Code').getAttribute('aria-describedby')).toBe('code-sent');
    // No code? The form again (a new code), or the chat.
    expect(await page.getByRole('link', { name: "Didn't get the code? Ask for a new one" }).getAttribute('href')).toBe(holdPath);
    expect(await page.getByRole('link', { name: 'Continue in Telegram' }).getAttribute('href')).toMatch(/^https:\/\/t\.me\//);
    await inspect('booking-page-6-code');

    await dispatchRound({ ctx: h.world.ctx, logger: pino({ level: 'silent' }), senders: new Map([['email', emailSender({ ctx: h.world.ctx, translator: h.deps.translator, transport: mailer })]]), limiter: new SendRateLimiter(h.world.ctx.now, async () => {}) });
    const code = /\b(\d{6})\b/.exec((await sink.waitFor('busy.browser@example.com')).text)![1]!;

    // A wrong code typed and Enter: the field says it is wrong, keeps the focus, and is cleared to try again.
    await page.keyboard.type(code === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#e-code').textContent()).toBe('That code is not right. Tries left: 4.');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('f-code');
    expect(await page.getByLabel('Code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Code').inputValue()).toBe('');
    await inspect('booking-page-7-code-wrong');
    expect((await emForBusiness(db.orm, h.world.business.id).fork().findOneOrFail(BookingSchema, { id: holdIdOf(holdPath) })).status).toBe('held');

    // The right one, then Enter, books.
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you! Your booking is made');
    expect(errors).toEqual([]);
    expect((await emForBusiness(db.orm, h.world.business.id).fork().findOneOrFail(BookingSchema, { id: holdIdOf(holdPath) })).status).toBe('confirmed');
  });
});
