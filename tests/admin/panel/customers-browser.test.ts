import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { openPanelInBrowser, type PanelInBrowser } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

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

describe('customers in a real browser', () => {
  it('searches by phone, opens the profile and blocks the customer after the question', async () => {
    const { page, errors, inspect, signIn } = panel;
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn('admin');
    await page.click(`nav.sections a[href="/admin/b/${h.world.business.slug}/customers"]`);
    await page.fill('#f-q', '067 100-00-02');
    await page.press('#f-q', 'Enter');
    await page.waitForURL(/customers\?q=/);
    expect(await page.locator('table.customers-list tbody tr').count()).toBe(1);
    await inspect('customers-list');
    await page.click('text=Customer 3');
    await page.waitForURL(new RegExp(`/customers/${h.world.customers[2]!}$`));
    await page.click('#block-button');
    await page.waitForURL(/done=blocked$/);
    expect(await page.textContent('p.notice')).toBe('The customer is blocked.');
    await inspect('customer-profile-blocked');
    expect((await emForBusiness(db.orm, h.world.business.id).findOneOrFail(CustomerSchema, { id: h.world.customers[2]! })).blocked).toBe(true);
    expect(errors).toEqual([]);
  });
});
