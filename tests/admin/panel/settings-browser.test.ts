import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { openPanelInBrowser, seriousAxeViolations, type PanelInBrowser } from '../../support/browser.ts';
import { TINY_PNG } from './access/settings.ts';

let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  panel = await openPanelInBrowser(h);
  await panel.signIn('admin');
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

/** The computed colours of an element (evaluated in the page; the project's types have no DOM). */
const colours = (selector: string) =>
  panel.page.$eval(selector, (el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string; color: string } }).getComputedStyle(el);
    return [style.backgroundColor, style.color];
  });

const business = () => emForBusiness(db.orm, h.world.business.id).findOneOrFail(BusinessSchema, { id: h.world.business.id });

describe('policies and branding in a real browser', () => {
  it('sets the policies with the keyboard and shows a refused value next to its field', async () => {
    const { page, base, inspect } = panel;
    await page.goto(`${base}/admin/b/${h.world.business.slug}/policies`);
    await inspect('policies');
    await page.fill('#f-slotStepMinutes', '3');
    await page.fill('#f-reminderOffsetsMinutes', '1d, 3h');
    await page.press('#f-reminderOffsetsMinutes', 'Enter');
    await page.waitForSelector('#f-slotStepMinutes-error');
    expect(await page.inputValue('#f-reminderOffsetsMinutes')).toBe('1d, 3h');
    await inspect('policies-error');
    await page.fill('#f-slotStepMinutes', '20');
    await page.focus('#f-approvalRequired');
    await page.keyboard.press('Space');
    await page.press('#f-slotStepMinutes', 'Enter');
    await page.waitForSelector('.notice');
    expect(await business()).toMatchObject({ slotStepMinutes: 20, approvalRequired: true, reminderOffsetsMinutes: [1440, 180] });
  });

  it('previews colours as they are picked, saves them and a logo, and shows the logo in the header', async () => {
    const { page, base, inspect, errors } = panel;
    await page.goto(`${base}/admin/b/${h.world.business.slug}/branding`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('#f-primaryColor', '#ffeb3b');
    expect(await colours('.brand-preview-header')).toEqual(['rgb(255, 235, 59)', 'rgb(0, 0, 0)']);
    await page.setInputFiles('#f-logo', { name: 'logo.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.click('form.settings-form button[type=submit]:not([name])');
    await page.waitForSelector('.notice');
    expect(await business()).toMatchObject({ brandPrimaryColor: '#FFEB3B', logoType: 'image/png' });
    // Saved: the page's own colours are the new ones, with the warning for a colour this light.
    expect(await colours('header.top')).toEqual(['rgb(255, 235, 59)', 'rgb(0, 0, 0)']);
    expect(await page.textContent('.warning')).toContain('very light');
    expect(await page.$eval('header.top img.logo', (img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await inspect('branding');
    // The refused form's 422 is logged by the browser as a failed load: expected, not an error of the page.
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });
});
