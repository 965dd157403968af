import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startPanelHarness, TEST_PASSWORD, type PanelHarness } from '../../support/panel-harness.ts';
import { openPanelInBrowser, type PanelInBrowser } from '../../support/browser.ts';
import { makePerson } from '../../support/panel-people.ts';

let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  panel = await openPanelInBrowser(h);
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

describe('the panel in a real browser', () => {
  it('signs in with the keyboard alone', async () => {
    const { page, base, inspect } = panel;
    await page.goto(`${base}/admin`);
    expect(page.url()).toBe(`${base}/admin/sign-in`);
    await inspect('sign-in');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // language
    await page.keyboard.press('Tab'); // apply
    await page.keyboard.press('Tab'); // email
    await page.keyboard.type(h.emails.owner);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/b/${h.world.business.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeDefined();
    // Home is the business's Today page, its name in the header.
    expect(await page.textContent('header .brand')).toContain(h.world.business.name);
    expect(await page.textContent('h1')).toMatch(/^Today, /);
    await inspect('home');
  });

  it('shows a wrong password next to the form, in the language picked', async () => {
    const { browser, base } = panel;
    const other = await browser.newContext({ locale: 'ru-RU' });
    const p = await other.newPage();
    await p.goto(`${base}/admin/sign-in`);
    await p.getByLabel('Эл. почта').fill(h.emails.admin);
    await p.getByLabel('Пароль').fill('wrong password');
    await p.getByRole('button', { name: 'Войти' }).click();
    await p.waitForLoadState();
    expect(await p.getByRole('alert').textContent()).toContain('Неверный email или пароль');
    expect(await p.getByLabel('Эл. почта').inputValue()).toBe(h.emails.admin);
    await other.close();
  });

  it('the account page works and is accessible, on a phone too', async () => {
    const { browser, page, base, inspect } = panel;
    await page.goto(`${base}/admin/account`);
    await inspect('account');
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(`${base}/admin/sign-in`);
    await p.screenshot({ path: 'test-output/screenshots/sign-in-phone.png', fullPage: true });
    expect(await p.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.close();
  });

  it('the business profile, a user’s start with no business yet, and the error page are accessible', async () => {
    const { page, base, inspect } = panel;
    await page.goto(`${base}/admin/b/${h.world.business.slug}/settings`);
    await inspect('business-profile');
    const lost = await panel.newPage({ expectedStatuses: [404] });
    await lost.signIn('owner');
    await lost.page.goto(`${base}/admin/b/no-such-business`);
    expect(await lost.page.textContent('h1')).toBe('Page not found.');
    await lost.inspect('error-404');
    expect(lost.errors).toEqual([]);
    const newcomer = await panel.newPage();
    const person = await makePerson(db.orm, []);
    await newcomer.page.goto(`${base}/admin/sign-in`);
    await newcomer.page.getByLabel('Email').fill(person.email);
    await newcomer.page.getByLabel('Password').fill(TEST_PASSWORD);
    await newcomer.page.keyboard.press('Enter');
    await newcomer.page.waitForURL(`${base}/admin`);
    expect(await newcomer.page.getByRole('link', { name: 'Create a business' }).count()).toBe(1);
    await newcomer.inspect('start-no-business');
    expect(newcomer.errors).toEqual([]);
  });

  it('no page logged a script error or a CSP refusal', () => {
    expect(panel.errors).toEqual([]);
  });
});
