import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations } from '../../support/browser.ts';
import { startPanelHarness, TEST_PASSWORD, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let browser: Browser;
let base: string;
const errors: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await db?.drop();
});

async function newPage(options: { phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    ...(options.phone ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } : {}),
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  // A script the CSP refused, or any error on a page, fails the test.
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return page;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/admin/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/admin/b/${h.world.business.slug}`);
}

/** No serious accessibility problem, and a screenshot to look at. */
async function inspect(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

describe('team pages in a real browser', () => {
  it('an owner invites someone, copies the link, and the invited person joins with it', async () => {
    const owner = await newPage();
    await signIn(owner, h.emails.owner);
    await owner.goto(`${base}/admin/b/${h.world.business.slug}/team`);
    await inspect(owner, 'team');
    await owner.getByLabel('Email', { exact: true }).fill('browser-invitee@example.com');
    await owner.getByLabel('Role', { exact: true }).selectOption('manager');
    await owner.getByRole('button', { name: 'Create invitation' }).click();
    await owner.waitForLoadState();
    const link = await owner.getByLabel('Link').inputValue();
    expect(link).toMatch(/\/admin\/invite\/[A-Za-z0-9_-]{43}$/);
    await owner.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => owner.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    await inspect(owner, 'team-invitation-created');

    const invitee = await newPage();
    await invitee.goto(new URL(link).pathname.replace(/^/, base));
    await inspect(invitee, 'invitation');
    await invitee.getByLabel('Your name').fill('Browser Person');
    await invitee.getByLabel('Password', { exact: true }).fill('browser password 1');
    await invitee.getByLabel('Repeat the password').fill('browser password 1');
    await invitee.getByRole('button', { name: 'Create account and join' }).click();
    await invitee.waitForURL(`${base}/admin/b/${h.world.business.slug}`);
    expect(await invitee.textContent('h1')).toBe(h.world.business.name);
    expect(await invitee.textContent('main')).toContain('Manager');

    // The deletion page, without deleting.
    await owner.goto(`${base}/admin/b/${h.world.business.slug}/delete`);
    await inspect(owner, 'delete-business');
    expect(errors).toEqual([]);
  });

  it('a password link made on the Team page opens the new-password page; a dead link explains itself', async () => {
    const admin = await newPage();
    await signIn(admin, h.emails.admin);
    await admin.goto(`${base}/admin/b/${h.world.business.slug}/team`);
    await admin.getByRole('button', { name: 'Make a password link — Test staff' }).click();
    await admin.waitForLoadState();
    const link = await admin.getByLabel('Link').inputValue();
    const person = await newPage();
    await person.goto(`${base}${new URL(link).pathname}`);
    await inspect(person, 'password-reset-new');
    expect(errors).toEqual([]);
    const dead = await person.goto(`${base}/admin/password-reset/${'C'.repeat(43)}`);
    expect(dead?.status()).toBe(404);
    expect(await person.textContent('h1')).toBe('This link does not work');
    await inspect(person, 'link-unknown');
    // The browser reports the 404 it was meant to get.
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('status of 404')));
    await person.goto(`${base}/admin/password-reset`);
    await inspect(person, 'password-reset-request');
    expect(errors).toEqual([]);
  });

  it('the Team page fits a phone', async () => {
    const phone = await newPage({ phone: true });
    await signIn(phone, h.emails.owner);
    await phone.goto(`${base}/admin/b/${h.world.business.slug}/team`);
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await inspect(phone, 'team-phone');
  });
});
