import { showCalendarFeed } from '../../../../src/app/calendars/show-calendar-feed.ts';
import type { AccessTable } from './access-entry.ts';

const settings = (h: Parameters<NonNullable<AccessTable['prepare']>>[0]) => ({ secrets: h.deps.calendars?.secrets ?? h.deps.appSecret, publicUrl: h.deps.publicUrl });

/**
 * Calendar feeds and sync. A staff member's calendar page is declared `staff`: a
 * staff-role user may open only their own (the first specialist, linked to the
 * harness's staff user by the staff table's `prepare`; any other is 404 in the use
 * case). Rotating a feed only gives it a new URL (the feeds exist from `prepare`).
 */
export const table: AccessTable = {
  prepare: async (h) => {
    const own = h.world.staff[0]!.id;
    await showCalendarFeed(h.world.ctx, settings(h), h.world.business.id, { staffId: own });
    await showCalendarFeed(h.world.ctx, settings(h), h.world.business.id, {});
    return { calendarStaff: own };
  },
  entries: [
    { route: 'GET /b/:slug/staff/:id/calendar', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['calendarStaff']}/calendar` },
    { route: 'POST /b/:slug/staff/:id/calendar/feed/rotate', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['calendarStaff']}/calendar/feed/rotate`, form: () => ({}) },
    // Without a calendar provider set up (the harness has none) these send members back to the page: nothing changes.
    { route: 'GET /b/:slug/staff/:id/calendar/:provider/connect', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['calendarStaff']}/calendar/google/connect` },
    { route: 'POST /b/:slug/staff/:id/calendar/:provider/calendars', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['calendarStaff']}/calendar/google/calendars`, form: () => ({ target: '' }) },
    { route: 'POST /b/:slug/staff/:id/calendar/:provider/disconnect', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['calendarStaff']}/calendar/google/disconnect`, form: () => ({}) },
    { route: 'GET /calendar/callback', access: 'signed_in' },
    { route: 'GET /b/:slug/calendars', access: 'admin' },
    { route: 'POST /b/:slug/calendars/feed/rotate', access: 'admin', form: () => ({}) },
  ],
};
