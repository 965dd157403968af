import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { launchBrowser, screenshot, seriousAxeViolations } from '../../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startWebChatHarness, type WebChatHarness } from './web-chat-harness.ts';

// A visitor books through the web chat in headless Chromium on a phone-sized screen:
// typed words, pressed buttons, a reload in the middle of checkout, no script or
// console errors (the CSP refuses inline code) and no serious accessibility problem.
let db: TestDatabase;
let h: WebChatHarness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startWebChatHarness(db.orm, { deps: { pollWaitMs: 20_000 } });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await db?.drop();
});

/** A phone's browser of its own, and the errors it reports. */
async function phone(): Promise<{ page: Page; errors: string[] }> {
  // A visitor in Berlin booking a studio in Kyiv: the confirmation gives both times.
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

/** Does something on the page and waits until the bot's answer to it is shown. */
async function andAnswer(page: Page, act: () => Promise<void>): Promise<string> {
  const before = await page.locator('.msg').count();
  await act();
  // The visitor's own message, then at least one from the business.
  await page.locator('.msg').nth(before + 1).waitFor();
  return (await page.locator('.msg.from-business').last().textContent()) ?? '';
}

/** A full-page screenshot with the others (`test-output/screenshots`), and what the screen shows as `<tmp>/webchat-<name>.png`. */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, `web-chat-${name}`);
  await page.screenshot({ path: path.join(os.tmpdir(), `webchat-${name}.png`) });
}

// Menu labels start with an emoji ("📅 Book"), so they are matched at their end.
const press = (page: Page, label: RegExp) => andAnswer(page, () => page.getByRole('button', { name: label }).last().click());
const type = (page: Page, text: string) =>
  andAnswer(page, async () => {
    await page.getByLabel('Your message').fill(text);
    await page.getByLabel('Your message').press('Enter');
  });

describe('web chat in a browser', () => {
  it('books from hi to a confirmed booking, carrying on after a reload', async () => {
    const { page, errors } = await phone();
    await page.goto(`${base}/chat/${h.world.business.slug}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kyiv Studio');
    expect(await seriousAxeViolations(page), 'start').toEqual([]);
    await shot(page, 'phone-start');

    expect(await type(page, 'hi')).toContain('Kyiv Studio');
    expect(await press(page, /Book$/)).toContain('Which service');
    expect(await press(page, /^Haircut/)).toMatch(/specialist/i);
    await press(page, /^Specialist 1/);
    expect(await press(page, /Tue 4/)).toMatch(/time/i);
    expect(await press(page, /^11:00/)).toMatch(/name/i);
    expect(await seriousAxeViolations(page), 'mid-flow').toEqual([]);
    await shot(page, 'phone-checkout');

    // A reload shows the same conversation and carries on where it was.
    const shown = await page.locator('.msg').count();
    await page.reload();
    expect(await page.locator('.msg').count()).toBe(shown);
    expect(await page.locator('.msg.from-business').last().textContent()).toMatch(/name/i);
    // No "share with the button below": the page has no such button.
    expect(await type(page, 'Olena')).toContain('Please type your phone number');
    const summary = await type(page, '+380671112233');
    expect(summary).toContain('Please check your booking');
    expect(summary).toContain('Haircut');
    // The confirmation is a message of its own, kept above the menu, with its links.
    expect(await press(page, /Confirm$/)).toContain('What would you like to do?');
    const confirmation = page.locator('.msg.from-business', { hasText: "You're booked for Tue" });
    await confirmation.waitFor();
    expect(await confirmation.getByRole('link', { name: /Add to calendar/ }).getAttribute('href')).toMatch(/\/calendar\/.+\.ics\?t=/);
    expect(await confirmation.textContent()).toMatch(/Times are in GMT\+2: for you that is Tue 4 Mar\w*, 10:00\./);
    await shot(page, 'phone-confirmation');

    const booking = await emForBusiness(db.orm, h.world.business.id).findOneOrFail(BookingSchema, { status: 'confirmed', source: 'webchat' }, { populate: ['customer'] });
    expect(booking.startsAt.getTime()).toBe(h.world.at('11:00'));
    expect(booking.customer.getEntity()).toMatchObject({ name: 'Olena', phone: '+380671112233' });

    // A second tab of the same browser continues the same conversation.
    const second = await page.context().newPage();
    await second.goto(`${base}/chat/${h.world.business.slug}`);
    expect(await second.locator('.msg').count()).toBe(await page.locator('.msg').count());
    await second.close();

    expect(await seriousAxeViolations(page), 'booked').toEqual([]);
    await shot(page, 'phone-booked');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the page in Russian to a Russian browser, and a 404 page for an unknown business', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/chat/${h.world.business.slug}`);
    expect(await page.getByRole('button', { name: 'Начать' }).count()).toBe(1);
    expect(await press(page, /^Начать$/)).toContain('Kyiv Studio');
    expect(await seriousAxeViolations(page), 'desktop').toEqual([]);
    await shot(page, 'desktop-ru');
    const missing = await page.goto(`${base}/chat/nobody-here`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Чат не найден');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
