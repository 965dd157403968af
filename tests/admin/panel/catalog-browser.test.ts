import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromoCodeSchema, ResourceSchema, ServiceSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { openPanelInBrowser, seriousAxeViolations, type PanelInBrowser } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  // A form sent back with errors answers 422 on purpose; the browser logs that status.
  panel = await openPanelInBrowser(h, { expectedStatuses: [422] });
  await panel.signIn('admin');
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();

/** Opens a page and checks it: no serious accessibility problems, a screenshot to look at. */
async function visit(url: string, name: string): Promise<void> {
  await panel.page.goto(url);
  await panel.inspect(name);
}

describe('services, resources and promo codes in a real browser', () => {
  it('adds a service with the keyboard, after an error shown next to its field', async () => {
    const { page, home, inspect } = panel;
    await visit(`${home}/services`, 'services-list');
    await page.click('text=New service');
    await page.waitForURL(`${home}/services/new`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('#f-name', 'Hot stones');
    await page.fill('#f-durationMinutes', '75');
    await page.fill('#f-price', '12,5.0');
    await page.selectOption('#f-depositKind', 'percent');
    await page.fill('#f-depositAmount', '20');
    await page.fill('#f-name_kk', 'Ыстық тастар');
    await page.press('#f-name_kk', 'Enter');
    await page.waitForSelector('#f-price-error');
    await inspect('services-form-error');
    expect(await page.inputValue('#f-name_kk')).toBe('Ыстық тастар');
    await page.fill('#f-price', '1250');
    await page.press('#f-price', 'Enter');
    await page.waitForURL(/\/services\?saved=/);
    expect(await page.textContent('.notice')).toContain('Service saved.');
    const saved = await em().findOneOrFail(ServiceSchema, { business: h.world.business.id, name: 'Hot stones' });
    expect(saved).toMatchObject({ durationMinutes: 75, priceMinor: 125000, depositKind: 'percent', depositValue: 20, translations: { kk: { name: 'Ыстық тастар' } } });
    await visit(`${home}/services/${saved.id}`, 'services-edit');
  });

  it('puts a resource in maintenance', async () => {
    const { page, home } = panel;
    await visit(`${home}/resources`, 'resources-list');
    await visit(`${home}/resources/new`, 'resources-form');
    await page.fill('#f-name', 'Sauna');
    await page.fill('#f-kind', 'sauna');
    await page.selectOption('#f-status', 'maintenance');
    await page.fill('#f-maintenanceNote', 'Heater replaced');
    await page.fill('#f-maintenanceUntil', '2031-03-10T09:00');
    await page.click('button[type=submit]:has-text("Save resource")');
    await page.waitForURL(/\/resources\?saved=/);
    expect(await page.textContent('main')).toContain('Heater replaced');
    expect(await em().count(ResourceSchema, { business: h.world.business.id, kind: 'sauna', status: 'maintenance' })).toBe(1);
    await visit(`${home}/resources`, 'resources-list-maintenance');
  });

  it('creates a promo code limited to a service, ticked with the keyboard', async () => {
    const { page, home, inspect } = panel;
    await visit(`${home}/promo-codes`, 'promo-codes-empty');
    await visit(`${home}/promo-codes/new`, 'promo-codes-form');
    await page.fill('#f-code', 'march-20');
    await page.fill('#f-discountAmount', '20');
    await page.fill('#f-validUntil', '2031-03-31');
    await page.focus(`input[name=serviceIds][value="${h.world.yoga.id}"]`);
    await page.keyboard.press('Space');
    await page.focus('#f-code');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/promo-codes\?saved=/);
    const promo = await em().findOneOrFail(PromoCodeSchema, { business: h.world.business.id, code: 'MARCH-20' });
    expect(promo).toMatchObject({ discountValue: 2000, serviceIds: [h.world.yoga.id] });
    await inspect('promo-codes-list');
  });

  it('is usable on a phone screen', async () => {
    const { page, home } = panel;
    await page.setViewportSize({ width: 375, height: 740 });
    await visit(`${home}/services`, 'services-list-phone');
    await visit(`${home}/promo-codes`, 'promo-codes-list-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('loaded every page without a script error or a refused style', () => {
    expect(panel.errors).toEqual([]);
  });
});
