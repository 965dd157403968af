import { DateOverrideSchema, StaffMemberSchema, TimeOffSchema } from '../../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../../src/db/tenant-scope.ts';
import type { AccessTable } from './access-entry.ts';

// The smallest valid PNG signature plus a few bytes: enough for the photo route to serve.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/**
 * Staff pages. Profiles are admin+; the list manager+; the photo and "my schedule" the
 * whole team. Schedule routes are declared `staff`: a staff-role user may open and
 * change only the schedule of the staff member linked to their account (any other id
 * answers 404, checked in the use cases — see tests/admin/panel/staff-hours-routes.test.ts),
 * so their URLs here use the first specialist, linked to the harness's staff user in
 * `prepare`. Posts are invalid forms (422) or removals of what may already be gone.
 */
export const table: AccessTable = {
  prepare: async (h, orm) => {
    const em = emForBusiness(orm, h.world.business.id);
    const [own, other] = await Promise.all(h.world.staff.map((s) => em.findOneOrFail(StaffMemberSchema, { id: s.id })));
    em.assign(own!, { user: h.userIds.staff, photo: PNG, photoType: 'image/png' });
    em.assign(other!, { photo: PNG, photoType: 'image/png' });
    const override = em.create(DateOverrideSchema, { business: h.world.business.id, staffMember: own!.id, date: '2031-04-01', intervals: [] });
    const timeOff = em.create(TimeOffSchema, { business: h.world.business.id, staffMember: own!.id, startsAt: new Date(Date.UTC(2031, 3, 2, 9)), endsAt: new Date(Date.UTC(2031, 3, 2, 12)) });
    await em.flush();
    return { ownStaff: own!.id, otherStaff: other!.id, override: override.id, timeOff: timeOff.id };
  },
  entries: [
    { route: 'GET /b/:slug/staff', access: 'manager' },
    { route: 'GET /b/:slug/staff/new', access: 'admin' },
    { route: 'POST /b/:slug/staff', access: 'admin', form: () => ({ name: '' }) },
    { route: 'GET /b/:slug/staff/:id', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}` },
    { route: 'POST /b/:slug/staff/:id', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}`, form: () => ({ name: '', timeZone: 'Mars/Olympus' }) },
    { route: 'POST /b/:slug/staff/:id/photo/remove', access: 'admin', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['otherStaff']}/photo/remove` },
    { route: 'GET /b/:slug/staff/:id/photo', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/photo` },
    { route: 'GET /b/:slug/my-schedule', access: 'staff' },
    { route: 'GET /b/:slug/staff/:id/hours', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/hours` },
    { route: 'POST /b/:slug/staff/:id/hours', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/hours`, form: () => ({ d1: 'all day' }) },
    { route: 'POST /b/:slug/staff/:id/overrides', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/overrides`, form: () => ({ date: 'soon' }) },
    {
      route: 'POST /b/:slug/staff/:id/overrides/:itemId/remove',
      access: 'staff',
      url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/overrides/${ids['override']}/remove`,
    },
    { route: 'POST /b/:slug/staff/:id/time-off', access: 'staff', url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/time-off`, form: () => ({ from: 'later' }) },
    {
      route: 'POST /b/:slug/staff/:id/time-off/:itemId/remove',
      access: 'staff',
      url: (h, ids) => `/admin/b/${h.world.business.slug}/staff/${ids['ownStaff']}/time-off/${ids['timeOff']}/remove`,
    },
  ],
};
