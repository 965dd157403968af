import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseContext } from '../../../src/app/shared/use-case-context.ts';
import { postgresConversationStore } from '../../../src/bots/engine/postgres-conversation-store.ts';
import { telegramBotConnector } from '../../../src/bots/telegram/telegram-bot-connector.ts';
import { startTelegramChannel, type TelegramChannel } from '../../../src/bots/telegram/telegram-channel.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { launchBrowser, screenshot, seriousAxeViolations } from '../../support/browser.ts';
import { FakeBotApi } from '../../support/fake-bot-api.ts';
import { startPanelHarness, TEST_APP_SECRET, TEST_PASSWORD, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The Channels page in headless Chromium: connecting a bot with the keyboard alone
// against the fake Bot API, and no serious accessibility problem before or after.
let db: TestDatabase;
let h: PanelHarness;
let api: FakeBotApi;
let channel: TelegramChannel;
let browser: Browser;
let page: Page;
let base: string;
const errors: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  api = new FakeBotApi();
  await api.start();
  const ctx: UseCaseContext = { orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) };
  const logger = pino({ level: 'silent' });
  channel = await startTelegramChannel(
    { ctx, translator: await createTranslator(await loadMessages()), logger, appSecret: TEST_APP_SECRET, idleMinutes: 30 },
    { apiRoot: api.url, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: false },
  );
  h = await startPanelHarness(db.orm, { deps: { bots: telegramBotConnector({ ctx, channel, logger, appSecret: TEST_APP_SECRET, apiRoot: api.url, mode: 'webhook' }) } });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await channel?.stop();
  await h?.close();
  await api?.stop();
  await db?.drop();
});

describe('Channels page in a browser', () => {
  it('connects a bot by keyboard; both states are accessible; the QR codes load', async () => {
    await page.goto(`${base}/admin/sign-in`);
    await page.getByLabel('Email').fill(h.emails.admin);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/b/${h.world.business.slug}`);

    await page.goto(`${base}/admin/b/${h.world.business.slug}/channels`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'channels-not-connected');

    await page.getByLabel('Bot token from @BotFather').focus();
    await page.keyboard.type('712345:AAHbrowserTestTokenForTheFake_wxyz');
    await page.keyboard.press('Enter');
    await page.waitForURL(/notice=connected/);
    expect(await page.getByRole('status').textContent()).toContain('The bot is connected');
    expect(await page.textContent('main')).toContain('Connected as @bench_bot');
    expect(await page.textContent('main')).toContain('712345:••••••••wxyz');
    const qrs = page.locator('img.qr');
    expect(await qrs.count()).toBe(2);
    for (const qr of await qrs.all()) expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'channels-connected');
    expect(errors).toEqual([]);
  });
});
