import pino from 'pino';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../../src/bots/telegram/telegram-channel.ts';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { openPanelInBrowser, type PanelInBrowser, type PanelPage } from '../../support/browser.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelHarness } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The desk in headless Chromium, with the customer in Telegram (the fake Bot API) on the
// same clock: a chat booking appears on Today without a reload; the desk moves it in
// the calendar and the customer reads it in the chat; the desk cancels it with a reason
// the customer reads; the bookings CSV downloads and matches the database.
const TOKEN = '880033:AAHdeskBrowserTokenForTheFakeBotApi_01';
const BOT_ID = '880033';
const CHAT = 9_403_001;

let db: TestDatabase;
let h: PanelHarness;
let tg: TelegramOnFakeApi;
let panel: PanelInBrowser;
let desk: PanelPage;
let updates = 1;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  h = await startPanelHarness(db.orm);
  tg = await startTelegramOnFakeApi(db.orm, { now: h.world.clock.now });
  expect((await tg.bots.connectTelegram(h.world.business.id, TOKEN, { kind: 'business', userId: null })).kind).toBe('connected');
  panel = await openPanelInBrowser(h, { viewport: { width: 1200, height: 900 } });
  desk = await panel.newPage({ expectedStatuses: [409, 422], viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  desk.page.on('dialog', (dialog) => void dialog.accept());
  await desk.signIn('manager');
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await tg?.stop();
  await h?.close();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, h.world.business.id);
const send = (update: Record<string, unknown>) => tg.channel.handleWebhook(BOT_ID, webhookSecret(TEST_APP_SECRET, BOT_ID), { update_id: updates++, ...update });
const from = { id: CHAT, is_bot: false, first_name: 'Olena', language_code: 'en' };
const chat = { id: CHAT, type: 'private', first_name: 'Olena' };

/** Presses the button whose label starts with `label` on the chat's last message. */
async function press(label: string): Promise<void> {
  const last = tg.api.last.get(String(CHAT));
  const button = last?.buttons.find((b) => b.text.startsWith(label) && b.callback_data);
  if (!last || !button) throw new Error(`no "${label}" in: ${last?.buttons.map((b) => b.text).join(' | ')}`);
  await send({ callback_query: { id: `cq-${updates}`, from, chat_instance: '1', data: button.callback_data, message: { message_id: last.messageId, date: 1, chat, text: last.text } } });
}

let read = 0;
/** Sends what the outbox holds through the Telegram sender; what the chat got since the last call. */
async function deliver(): Promise<string> {
  await dispatchRound({ ctx: tg.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', tg.channel.sender]]), limiter: new SendRateLimiter(tg.ctx.now, async () => {}) });
  const mine = tg.api.sent.filter((m) => m.chatId === String(CHAT));
  const fresh = mine.slice(read).map((m) => m.text);
  read = mine.length;
  return fresh.join('\n---\n');
}

describe('the desk in a real browser', () => {
  let bookingId = '';

  it('1: a booking made in the Telegram chat appears on Today without a reload', async () => {
    const { page, inspect } = desk;
    await page.goto(`${panel.home}`);
    await page.waitForSelector('#desk-board');
    expect(await page.locator('[data-booking]').count()).toBe(0);
    await inspect('desk-today-empty');
    const loads: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) loads.push(frame.url());
    });

    await send({ message: { message_id: updates, date: 1_900_000_000, from, chat, text: '/start' } });
    await press('📅');
    await press('Haircut');
    await press(h.world.staff[0]!.name);
    await press('Today');
    await press('11:00');
    await press('Olena');
    await send({ message: { message_id: updates, date: 1_900_000_000, from, chat, contact: { phone_number: '+380671234501', first_name: 'Olena', user_id: CHAT } } });
    await press('✅');
    const booked = await em().findOneOrFail(BookingSchema, { source: 'telegram', status: 'confirmed' });
    bookingId = booked.id;
    await deliver();

    await page.waitForSelector(`tr[data-booking="${bookingId}"]`, { timeout: 15_000 });
    expect(loads).toEqual([]);
    const row = await page.locator(`tr[data-booking="${bookingId}"]`).innerText();
    expect(row).toContain('11:00');
    expect(row).toContain('Olena');
    expect(row).toContain('+380671234501');
    expect(row).toContain('Telegram');
    await inspect('desk-today');
  });

  it('2: the desk moves it in the calendar and the customer is told in the chat', async () => {
    const { page, inspect } = desk;
    await page.goto(`${panel.home}/calendar`);
    await page.waitForSelector(`a.cal-booking[data-booking="${bookingId}"]`);
    await inspect('desk-calendar-day');
    await Promise.all([page.waitForURL(`**/bookings/${bookingId}`), page.click(`a.cal-booking[data-booking="${bookingId}"]`)]);
    await inspect('desk-booking-card');
    await page.fill('#f-time', '14:30');
    await Promise.all([page.waitForURL(`**/bookings/${bookingId}`), page.getByRole('button', { name: 'Move', exact: true }).click()]);
    expect((await em().findOneOrFail(BookingSchema, { id: bookingId })).startsAt.getTime()).toBe(h.world.at('14:30', 0));
    expect(await page.locator('h1').innerText()).toContain('14:30');
    expect(await deliver()).toMatch(/14:30/);
    await page.goto(`${panel.home}/calendar?view=week&lane=${h.world.staff[0]!.id}`);
    await page.waitForSelector(`a.cal-booking[data-booking="${bookingId}"]`);
    await inspect('desk-calendar-week');
  });

  it('3: the desk cancels it with a reason, and the customer reads the reason', async () => {
    const { page, inspect } = desk;
    await page.goto(`${panel.home}/bookings/${bookingId}`);
    await page.fill('#f-reason', 'Dana is ill today, sorry');
    await Promise.all([page.waitForURL(`**/bookings/${bookingId}`), page.getByRole('button', { name: 'Cancel the booking' }).click()]);
    expect(await em().findOneOrFail(BookingSchema, { id: bookingId })).toMatchObject({ status: 'cancelled', cancelReason: 'Dana is ill today, sorry' });
    expect(await page.locator('.status-badge').first().innerText()).toBe('Cancelled');
    await inspect('desk-booking-cancelled');
    expect(await deliver()).toContain('Dana is ill today, sorry');
  });

  it('4: the bookings CSV downloads, parses, and matches the database', async () => {
    const { page, inspect } = desk;
    await page.goto(`${panel.home}/bookings?from=2031-03-01&to=2031-03-31&status=cancelled`);
    await inspect('desk-bookings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const text = (await readFile(await download.path())).toString('utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split('\r\n').map((line) => line.split(','));
    expect(header).toContain('status');
    const stored = await em().find(BookingSchema, { status: 'cancelled' });
    expect(rows.map((r) => r[0]).sort()).toEqual(stored.map((b) => b.id).sort());
    const mine = rows.find((r) => r[0] === bookingId)!;
    expect(mine[header!.indexOf('date')]).toBe('2031-03-03');
    expect(mine[header!.indexOf('start')]).toBe('14:30');
    expect(mine[header!.indexOf('phone')]).toBe('+380671234501');
    expect(mine[header!.indexOf('channel')]).toBe('telegram');
    expect(desk.errors).toEqual([]);
  });
});
