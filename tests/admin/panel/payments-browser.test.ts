import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresConversationStore } from '../../../src/bots/engine/postgres-conversation-store.ts';
import { paymentSetup } from '../../../src/payments/payment-setup.ts';
import { openPanelInBrowser, type PanelInBrowser } from '../../support/browser.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The Channels page's Payments in headless Chromium: the owner connects Stripe and
// Kaspi Pay with the forms, the secrets never come back into the page, and the page
// stays accessible. The screenshot is for people to look at.
const SCREENSHOT = '/tmp/payments-panel.png';
const PUBLIC_URL = 'https://book.example.test';
const KEY = `sk_test_${'51Browser0'.repeat(3)}Wk42`;
const WHSEC = `whsec_${'BrowserSec'.repeat(3)}`;

let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;

beforeAll(async () => {
  db = await createTestDatabase();
  const ctx = { orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) };
  h = await startPanelHarness(db.orm, { publicUrl: PUBLIC_URL, deps: { payments: paymentSetup({ ctx, appSecret: TEST_APP_SECRET, publicUrl: PUBLIC_URL }) } });
  panel = await openPanelInBrowser(h);
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

describe('Payments on the Channels page in a browser', () => {
  it('the owner connects Stripe and Kaspi Pay; the keys never come back; accessible', async () => {
    const { page, home, inspect, signIn, errors } = panel;
    await signIn('owner');
    await page.goto(`${home}/channels`);
    await inspect('channels-payments-empty');
    await page.locator('#payments').screenshot({ path: '/tmp/payments-section-empty.png' });

    await page.getByLabel('Secret key').fill(KEY);
    await page.getByLabel('Webhook signing secret').fill(WHSEC);
    await page.getByRole('button', { name: 'Connect Stripe' }).click();
    await page.waitForURL(/notice=stripe_connected/);
    expect(await page.getByRole('status').textContent()).toContain('Stripe is connected');

    await page.getByLabel('Kaspi Pay link').fill('https://pay.kaspi.kz/pay/browser-shop');
    await page.getByLabel('Billing phone (optional)').fill('+77011234567');
    await page.getByRole('button', { name: 'Save Kaspi Pay' }).click();
    await page.waitForURL(/notice=kaspi_saved/);

    const payments = page.locator('#payments');
    const text = (await payments.textContent()) ?? '';
    expect(text).toContain('Connected in test mode');
    expect(text).toContain('ending in Wk42');
    expect(text).toContain(`${PUBLIC_URL}/webhooks/stripe/${h.world.business.slug}`);
    expect(text).toContain('https://pay.kaspi.kz/pay/browser-shop');
    const html = await page.content();
    expect(html).not.toContain(KEY);
    expect(html).not.toContain(WHSEC);
    expect(await page.getByLabel('Secret key').inputValue()).toBe('');

    await inspect('channels-payments-connected');
    await payments.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await payments.screenshot({ path: '/tmp/payments-section.png' });
    expect(errors).toEqual([]);
  });
});
