import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeedEntries } from '../../../src/app/calendars/calendar-feed-entries.ts';
import { StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The panel's calendar pages: a staff member's feed (their own only, for a staff-role
// user) and the business's, each rotatable; the old URL stops answering.
let db: TestDatabase;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  const em = emForBusiness(db.orm, h.world.business.id);
  const own = await em.findOneOrFail(StaffMemberSchema, { id: h.world.staff[0]!.id });
  em.assign(own, { user: h.userIds.staff });
  await em.flush();
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

// What the feed route answers for a URL (the route itself is tested over HTTP in tests/admin/calendar-feed.test.ts).
const feedOf = (url: string) => calendarFeedEntries(h.world.ctx, /feed\/([^/]+)\.ics$/.exec(url)![1]!);
const feedUrlOf = (html: string) => /value="([^"]+\/calendar\/feed\/[^"]+\.ics)"/.exec(html.slice(html.indexOf('id="feed-url"')))?.[1];

describe('calendar feed pages', () => {
  it('a staff member sees their own feed URL, rotates it, and the old URL is 404 while the new one answers', async () => {
    const staff = await h.as('staff');
    const page = `/admin/b/${h.world.business.slug}/staff/${h.world.staff[0]!.id}/calendar`;
    const first = await staff.get(page);
    expect(first.statusCode).toBe(200);
    const url = feedUrlOf(first.body)!;
    expect(url).toMatch(/\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feedUrlOf((await staff.get(page)).body)).toBe(url);
    expect(await feedOf(url)).not.toBeNull();

    const rotated = await staff.post(`${page}/feed/rotate`);
    expect(rotated.statusCode).toBe(303);
    const next = await staff.get(String(rotated.headers.location));
    const newUrl = feedUrlOf(next.body)!;
    expect(newUrl).not.toBe(url);
    expect(next.body).toContain(h.deps.translator.t('en', 'panel.calendars.rotated'));
    expect(await feedOf(url)).toBeNull();
    expect(await feedOf(newUrl)).not.toBeNull();
  });

  it('a staff-role user cannot open a colleague\'s feed; an admin can, and has the business feed', async () => {
    const colleague = `/admin/b/${h.world.business.slug}/staff/${h.world.staff[1]!.id}/calendar`;
    expect((await (await h.as('staff')).get(colleague)).statusCode).toBe(404);
    expect((await (await h.as('staff')).post(`${colleague}/feed/rotate`)).statusCode).toBe(404);
    const admin = await h.as('admin');
    expect((await admin.get(colleague)).statusCode).toBe(200);
    const business = await admin.get(`/admin/b/${h.world.business.slug}/calendars`);
    expect(business.statusCode).toBe(200);
    expect(feedUrlOf(business.body)).toMatch(/\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
  });
});
