import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanelInBrowser, type PanelInBrowser, type PanelPage } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  panel = await openPanelInBrowser(h);
  base = panel.base;
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

/** A page of its own, where "Copy link" may use the clipboard. */
function newPage(options: { phone?: boolean } = {}): Promise<PanelPage> {
  return panel.newPage({
    permissions: ['clipboard-read', 'clipboard-write'],
    ...(options.phone ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } : {}),
  });
}

/** What went wrong on any of the pages. */
const errorsOn = (...pages: PanelPage[]) => pages.flatMap((p) => p.errors);

describe('team pages in a real browser', () => {
  it('an owner invites someone, copies the link, and the invited person joins with it', async () => {
    const owner = await newPage();
    await owner.signIn('owner');
    await owner.page.goto(`${base}/admin/b/${h.world.business.slug}/team`);
    await owner.inspect('team');
    await owner.page.getByLabel('Email', { exact: true }).fill('browser-invitee@example.com');
    await owner.page.getByLabel('Role', { exact: true }).selectOption('manager');
    await owner.page.getByRole('button', { name: 'Create invitation' }).click();
    await owner.page.waitForLoadState();
    const link = await owner.page.getByLabel('Link').inputValue();
    expect(link).toMatch(/\/admin\/invite\/[A-Za-z0-9_-]{43}$/);
    await owner.page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => owner.page.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    await owner.inspect('team-invitation-created');

    const invitee = await newPage();
    await invitee.page.goto(new URL(link).pathname.replace(/^/, base));
    await invitee.inspect('invitation');
    await invitee.page.getByLabel('Your name').fill('Browser Person');
    await invitee.page.getByLabel('Password', { exact: true }).fill('browser password 1');
    await invitee.page.getByLabel('Repeat the password').fill('browser password 1');
    await invitee.page.getByRole('button', { name: 'Create account and join' }).click();
    await invitee.page.waitForURL(`${base}/admin/b/${h.world.business.slug}`);
    expect(await invitee.page.textContent('header .brand')).toContain(h.world.business.name);
    expect(await invitee.page.textContent('h1')).toMatch(/^Today, /);
    expect(await invitee.page.textContent('main')).toContain('Manager');

    // The deletion page, without deleting.
    await owner.page.goto(`${base}/admin/b/${h.world.business.slug}/delete`);
    await owner.inspect('delete-business');
    expect(errorsOn(owner, invitee)).toEqual([]);
  });

  it('a password link made on the Team page opens the new-password page; a dead link explains itself', async () => {
    // The harness sends no email: only an owner makes a password link to copy.
    const owner = await newPage();
    await owner.signIn('owner');
    await owner.page.goto(`${base}/admin/b/${h.world.business.slug}/team`);
    await owner.page.getByRole('button', { name: 'Make a password link — Test staff' }).click();
    await owner.page.waitForLoadState();
    const link = await owner.page.getByLabel('Link').inputValue();
    const person = await newPage();
    await person.page.goto(`${base}${new URL(link).pathname}`);
    await person.inspect('password-reset-new');
    expect(errorsOn(owner, person)).toEqual([]);
    const dead = await person.page.goto(`${base}/admin/password-reset/${'C'.repeat(43)}`);
    expect(dead?.status()).toBe(404);
    expect(await person.page.textContent('h1')).toBe('This link does not work');
    await person.inspect('link-unknown');
    // The browser reports the 404 it was meant to get.
    person.errors.splice(0, person.errors.length, ...person.errors.filter((e) => !e.includes('status of 404')));
    await person.page.goto(`${base}/admin/password-reset`);
    await person.inspect('password-reset-request');
    expect(errorsOn(owner, person)).toEqual([]);
  });

  it('the Team page fits a phone', async () => {
    const phone = await newPage({ phone: true });
    await phone.signIn('owner');
    await phone.page.goto(`${base}/admin/b/${h.world.business.slug}/team`);
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.inspect('team-phone');
  });
});
