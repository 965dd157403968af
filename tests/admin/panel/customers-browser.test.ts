import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markEmailBounced } from '../../../src/app/notifications/email-recipients.ts';
import { AuditEntrySchema, CustomerSchema } from '../../../src/db/entities/index.ts';
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

  it('says beside the e-mail that mail to it bounced, and a manager sends e-mail to it again', async () => {
    const w = h.world;
    const em = emForBusiness(db.orm, w.business.id);
    await em.nativeUpdate(CustomerSchema, { id: w.customers[1]! }, { email: 'olena.k@example.com' });
    await markEmailBounced(w.ctx, w.business.id, w.customers[1]!, 'bounce report: 5.1.1 olena.k@example.com: smtp; 550 5.1.1 <olena.k@example.com>: Recipient address rejected: User unknown in virtual mailbox table');
    // On a laptop (the admin of the first test), then on a phone as a manager, who clears it.
    await panel.page.goto(`${panel.home}/customers/${w.customers[1]!}`);
    expect(await panel.page.textContent('#email-bounced')).toContain('Mail to this address bounced on');
    await panel.inspect('customer-profile-email-bounced-wide');
    const { page, errors, inspect, signIn } = await panel.newPage({ viewport: { width: 390, height: 844 } });
    await signIn('manager');
    await page.goto(`${panel.home}/customers/${w.customers[1]!}`);
    expect(await page.textContent('#email-bounced')).toContain('Mail to this address bounced on');
    expect(await page.textContent('#email-bounced')).toContain('User unknown in virtual mailbox table');
    await inspect('customer-profile-email-bounced');
    await page.click('#clear-bounce-button');
    await page.waitForURL(/done=bounce_cleared$/);
    expect(await page.textContent('p.notice')).toBe('E-mail goes to this address again.');
    expect(await page.locator('#email-bounced').count()).toBe(0);
    expect((await em.findOneOrFail(CustomerSchema, { id: w.customers[1]! })).emailBouncedAt).toBeNull();
    expect(await em.count(AuditEntrySchema, { action: 'customer.email_bounce_cleared', entityId: w.customers[1]! })).toBe(1);
    expect(errors).toEqual([]);
    expect(panel.errors).toEqual([]);
  });
});
