import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanelInBrowser, type PanelInBrowser } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The Channels page in headless Chromium: connecting a bot with the keyboard alone
// against the fake Bot API, and no serious accessibility problem before or after.
let db: TestDatabase;
let h: PanelHarness;
let telegram: TelegramOnFakeApi;
let panel: PanelInBrowser;

beforeAll(async () => {
  db = await createTestDatabase();
  telegram = await startTelegramOnFakeApi(db.orm);
  h = await startPanelHarness(db.orm, { deps: { bots: telegram.bots } });
  panel = await openPanelInBrowser(h);
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await telegram?.stop();
  await h?.close();
  await db?.drop();
});

describe('Channels page in a browser', () => {
  it('connects a bot by keyboard; both states are accessible; the QR codes load', async () => {
    const { page, home, inspect, signIn, errors } = panel;
    await signIn('admin');

    await page.goto(`${home}/channels`);
    await inspect('channels-not-connected');

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
    await inspect('channels-connected');
    expect(errors).toEqual([]);
  });
});
