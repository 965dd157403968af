import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleCalendarProvider } from '../../../src/calendar/google-calendar-provider.ts';
import { pullBusyTimes } from '../../../src/app/calendars/pull-busy-times.ts';
import type { CalendarSyncSettings } from '../../../src/app/calendars/calendar-sync-settings.ts';
import { StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { openPanelInBrowser, type PanelInBrowser } from '../../support/browser.ts';
import { startFakeGoogleApi, type FakeGoogleApi } from '../../support/fake-google-api.ts';
import { startPanelHarness, TEST_APP_SECRET, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A staff member's calendar page in headless Chromium: the feed URL, connecting Google
// (the consent answered by the fake), picking calendars, and the warning of an outage.
let db: TestDatabase;
let h: PanelHarness;
let google: FakeGoogleApi;
let panel: PanelInBrowser;
let sync: CalendarSyncSettings;

beforeAll(async () => {
  db = await createTestDatabase();
  google = await startFakeGoogleApi({ code: 'browser-code', calendars: [{ id: 'anna@example.com', summary: 'Anna', primary: true }, { id: 'family', summary: 'Family' }] });
  sync = { secrets: TEST_APP_SECRET, providers: { google: googleCalendarProvider({ clientId: 'client-id-123', clientSecret: 'client-secret-123', apiRoot: google.url, tokenUrl: google.tokenUrl }) } };
  h = await startPanelHarness(db.orm, { deps: { calendars: { secrets: TEST_APP_SECRET, sync } } });
  await emForBusiness(db.orm, h.world.business.id).nativeUpdate(StaffMemberSchema, { id: h.world.staff[0]!.id }, { user: h.userIds.staff });
  panel = await openPanelInBrowser(h);
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await google?.close();
  await db?.drop();
});

describe('the calendar page in a real browser', () => {
  it('shows the feed, connects Google, saves the calendars picked and warns of an outage', async () => {
    const { page, inspect, signIn } = await panel.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn('staff');
    const url = `${panel.base}/admin/b/${h.world.business.slug}/staff/${h.world.staff[0]!.id}/calendar`;
    await page.goto(url);
    expect(await page.inputValue('#feed-url')).toMatch(/\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    await inspect('calendar-staff-feed');

    // The consent screen is Google's: the browser is stopped there and comes back as Google would send it.
    await page.route('https://accounts.google.com/**', (route) => {
      const state = new URL(route.request().url()).searchParams.get('state')!;
      void route.fulfill({ status: 302, headers: { location: `${panel.base}/admin/calendar/callback?state=${encodeURIComponent(state)}&code=browser-code` } });
    });
    await page.click('a[data-connect="google"]');
    await page.waitForURL(/connected=1/);
    await page.check('input[name="busy"][value="family"]');
    await page.click('[data-connection="google"] form button[type="submit"]');
    await page.waitForURL(/saved=1/);
    expect(await page.isChecked('input[name="busy"][value="family"]')).toBe(true);
    await inspect('calendar-staff-connected');

    google.down = true;
    await pullBusyTimes(h.world.ctx, sync);
    await page.goto(url);
    expect(await page.textContent('[data-calendar-warning]')).toContain(h.deps.translator.t('en', 'panel.calendars.warning_unreachable').slice(0, 30));
    await inspect('calendar-staff-warning');
  });
});
