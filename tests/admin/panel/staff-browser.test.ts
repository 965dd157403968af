import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffMemberSchema, TimeOffSchema, WorkingHoursSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { openPanelInBrowser, seriousAxeViolations, type PanelInBrowser, type PanelPage } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { TINY_PNG } from './access/settings.ts';

let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;
let base: string;
let slug: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  slug = h.world.business.slug;
  await emForBusiness(db.orm, h.world.business.id).nativeUpdate(StaffMemberSchema, { id: h.world.staff[0]!.id }, { user: h.userIds.staff });
  panel = await openPanelInBrowser(h);
  base = panel.base;
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

/** A page of its own, signed in (a form answered 422 on purpose is not an error on it). */
async function signedIn(actor: 'admin' | 'staff'): Promise<PanelPage> {
  const signed = await panel.newPage({ expectedStatuses: [422] });
  // The "remove" buttons ask first.
  signed.page.on('dialog', (dialog) => void dialog.accept());
  await signed.signIn(actor);
  return signed;
}

const em = () => emForBusiness(db.orm, h.world.business.id);

describe('staff pages in a real browser', () => {
  it('adds a staff member with the keyboard (services ticked, a photo), then sets their week with breaks', async () => {
    const { page, errors, inspect } = await signedIn('admin');
    await page.goto(`${base}/admin/b/${slug}/staff`);
    await inspect('staff-list');
    await page.click(`a[href="/admin/b/${slug}/staff/new"]`);
    await page.fill('#f-name', 'Dana');
    await page.fill('#f-dailyBookingCap', '8');
    // A GIF named like a PNG: refused by its content, next to the field.
    await page.setInputFiles('#f-photo', { name: 'dana.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') });
    await page.press('#f-name', 'Enter');
    await page.waitForSelector('#f-photo-error');
    expect(await page.inputValue('#f-name')).toBe('Dana');
    expect(await page.inputValue('#f-dailyBookingCap')).toBe('8');
    await inspect('staff-profile-error');
    await page.focus(`input[name="serviceIds"][value="${h.world.haircut.id}"]`);
    await page.keyboard.press('Space');
    await page.setInputFiles('#f-photo', { name: 'dana.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.press('#f-name', 'Enter');
    await page.waitForURL(/\/staff\/[0-9a-f-]{36}\/hours\?saved=1$/);
    const id = /\/staff\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    const saved = await em().findOneOrFail(StaffMemberSchema, { id }, { populate: ['services'] });
    expect(saved).toMatchObject({ name: 'Dana', dailyBookingCap: 8, photoType: 'image/png' });
    expect(saved.services.getItems().map((s) => s.id)).toEqual([h.world.haircut.id]);

    await inspect('staff-hours');
    await page.fill('#f-d1', '09:00-13:00, 14:00-18:00');
    await page.focus('button[name="copy_monday"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/hours\?saved=1#weekly$/);
    expect(await page.inputValue('#f-d5')).toBe('09:00-13:00, 14:00-18:00');
    expect(await em().count(WorkingHoursSchema, { staffMember: id })).toBe(10);

    await page.fill('#f-from', '2031-03-20T09:00');
    await page.fill('#f-to', '2031-03-20T08:00');
    await page.press('#f-reason', 'Enter');
    await page.waitForSelector('#f-to-error');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('#f-to', '2031-03-21T18:00');
    await page.fill('#f-reason', 'Conference');
    await page.press('#f-reason', 'Enter');
    await page.waitForURL(/#time-off$/);
    expect(await em().count(TimeOffSchema, { staffMember: id })).toBe(1);
    await page.click('form[action$="/remove"] button');
    await page.waitForURL(/#time-off$/);
    expect(await em().count(TimeOffSchema, { staffMember: id })).toBe(0);
    expect(errors).toEqual([]);
  });

  it('lets a staff user reach their own schedule from the navigation', async () => {
    const { page, errors, inspect } = await signedIn('staff');
    await page.click('nav.sections a:has-text("My schedule")');
    await page.waitForURL(`${base}/admin/b/${slug}/staff/${h.world.staff[0]!.id}/hours`);
    expect(await page.inputValue('#f-d1')).toBe('09:00-18:00');
    await inspect('staff-my-schedule');
    expect(errors).toEqual([]);
  });
});
