import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveStaffMember } from '../../../src/app/catalog/save-staff-member.ts';
import { AuditEntrySchema, DateOverrideSchema, StaffMemberSchema, TimeOffSchema, WorkingHoursSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let manager: PanelClient;
let staff: PanelClient;
let base: string;
/** The staff member the harness's `staff` user is (linked in setup). */
let ownId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  ownId = h.world.staff[0]!.id;
  await em().nativeUpdate(StaffMemberSchema, { id: ownId }, { user: h.userIds.staff });
  [manager, staff] = await Promise.all([h.as('manager'), h.as('staff')]);
  base = `/admin/b/${h.world.business.slug}/staff`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
const valueOf = (html: string, field: string) => new RegExp(`id="f-${field}"[^>]* value="([^"]*)"`).exec(html)?.[1];
const week = (extra: Record<string, string> = {}) => ({ d1: '', d2: '', d3: '', d4: '', d5: '', d6: '', d7: '', ...extra });
const hoursOf = async (staffId: string) =>
  (await em().find(WorkingHoursSchema, { staffMember: staffId }, { orderBy: { weekday: 'asc', startMinute: 'asc' } })).map((r) => `${r.weekday}:${r.startMinute}-${r.endMinute}`);
/** A new specialist of the world's business, with no hours. */
const newSpecialist = async () => (await saveStaffMember(h.world.ctx, h.world.business.id, { kind: 'business', userId: null }, { name: 'Fresh' })).id;

describe('weekly hours', () => {
  it('shows one field per weekday with the current hours, in the staff member’s zone', async () => {
    const page = await manager.get(`${base}/${h.world.staff[1]!.id}/hours`);
    expect(page.statusCode).toBe(200);
    for (const d of ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7']) expect(valueOf(page.body, d)).toBe('09:00-18:00');
    expect(page.body).toContain('Monday');
    expect(page.body).toContain('Times are in Europe/Kyiv.');
  });

  it('replaces the week with several intervals a day (the gaps are breaks), audited with who did it', async () => {
    const id = await newSpecialist();
    const response = await manager.post(`${base}/${id}/hours`, week({ d1: '09:00-13:00, 14:00-18:00', d6: '10:00 - 14:00' }));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${base}/${id}/hours?saved=1#weekly`);
    expect(await hoursOf(id)).toEqual(['1:540-780', '1:840-1080', '6:600-840']);
    const page = await manager.get(`${base}/${id}/hours?saved=1`);
    expect(page.body).toContain('Saved.');
    expect(valueOf(page.body, 'd1')).toBe('09:00-13:00, 14:00-18:00');
    expect(valueOf(page.body, 'd2')).toBe('');
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: id, action: 'staff.hours_set' });
    expect(audit.actorId).toBe(h.userIds.manager);
    expect(audit.details).toMatchObject({ hours: { '1': '09:00-13:00, 14:00-18:00', '6': '10:00-14:00', '7': '' } });
  });

  it('copies Monday to Tuesday–Friday and saves', async () => {
    const id = await newSpecialist();
    const response = await manager.post(`${base}/${id}/hours`, week({ d1: '08:00-12:00', d3: '13:00-15:00', d7: '10:00-11:00', copy_monday: '1' }));
    expect(response.statusCode).toBe(303);
    expect(await hoursOf(id)).toEqual(['1:480-720', '2:480-720', '3:480-720', '4:480-720', '5:480-720', '7:600-660']);
  });

  it('shows a clear error on each wrong day, keeps what was typed, and changes nothing (422)', async () => {
    const id = await newSpecialist();
    await manager.post(`${base}/${id}/hours`, week({ d1: '09:00-18:00' }));
    const response = await manager.post(`${base}/${id}/hours`, week({ d1: '09:00-13:00, 12:00-18:00', d2: '18:00-09:00', d3: '25:00-26:00', d4: 'all day', d5: '10:00-12:00' }));
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'd1')).toBe('Intervals on the same day must not overlap.');
    expect(errorOf(response.body, 'd2')).toBe('Each interval must end after it starts.');
    expect(errorOf(response.body, 'd3')).toBe('Times must be between 00:00 and 24:00.');
    expect(errorOf(response.body, 'd4')).toBe('Write times like 09:00-13:00, 14:00-18:00.');
    expect(errorOf(response.body, 'd5')).toBeUndefined();
    expect(valueOf(response.body, 'd2')).toBe('18:00-09:00');
    expect(valueOf(response.body, 'd5')).toBe('10:00-12:00');
    expect(await hoursOf(id)).toEqual(['1:540-1080']);
  });
});

describe('date overrides and time off', () => {
  it('adds a closed day and a short day, lists them, and removes one', async () => {
    const id = await newSpecialist();
    const closed = await manager.post(`${base}/${id}/overrides`, { date: '2031-03-08', hours: '', note: 'Women’s Day' });
    expect(closed.statusCode).toBe(303);
    expect(closed.headers.location).toBe(`${base}/${id}/hours?saved=1#overrides`);
    await manager.post(`${base}/${id}/overrides`, { date: '2031-03-10', hours: '10:00-14:00', note: '' });
    const page = await manager.get(`${base}/${id}/hours`);
    expect(page.body).toMatch(/2031-03-08<\/td>\s*<td>Closed<\/td>\s*<td>Women’s Day<\/td>/);
    expect(page.body).toMatch(/2031-03-10<\/td>\s*<td>10:00-14:00<\/td>/);
    const rows = await em().find(DateOverrideSchema, { staffMember: id }, { orderBy: { date: 'asc' } });
    expect(rows.map((r) => [String(r.date), r.intervals])).toEqual([
      ['2031-03-08', []],
      ['2031-03-10', [{ startMinute: 600, endMinute: 840 }]],
    ]);
    expect((await manager.post(`${base}/${id}/overrides/${rows[0]!.id}/remove`)).statusCode).toBe(303);
    expect(await em().count(DateOverrideSchema, { staffMember: id })).toBe(1);
    const audit = await em().find(AuditEntrySchema, { entityId: id, action: { $like: 'staff.date_override_%' } });
    expect(audit.map((a) => a.action).sort()).toEqual(['staff.date_override_removed', 'staff.date_override_set', 'staff.date_override_set']);
    expect(audit.every((a) => a.actorId === h.userIds.manager)).toBe(true);
  });

  it('refuses a past date or bad hours next to the field (422), values kept', async () => {
    const id = await newSpecialist();
    const past = await manager.post(`${base}/${id}/overrides`, { date: '2031-03-01', hours: '10:00-12:00', note: 'Too late' });
    expect(past.statusCode).toBe(422);
    expect(errorOf(past.body, 'date')).toBe('Choose today or a later date.');
    expect(valueOf(past.body, 'note')).toBe('Too late');
    const bad = await manager.post(`${base}/${id}/overrides`, { date: '2031-03-12', hours: '14:00-10:00' });
    expect(bad.statusCode).toBe(422);
    expect(errorOf(bad.body, 'hours')).toBe('Each interval must end after it starts.');
    expect(valueOf(bad.body, 'hours')).toBe('14:00-10:00');
    expect(await em().count(DateOverrideSchema, { staffMember: id })).toBe(0);
  });

  it('adds time off in local time, lists it, refuses an end before the start, and removes it', async () => {
    const id = await newSpecialist();
    const added = await manager.post(`${base}/${id}/time-off`, { from: '2031-03-20T09:00', to: '2031-03-27T18:00', reason: 'Vacation' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${base}/${id}/hours?saved=1#time-off`);
    const [off] = await em().find(TimeOffSchema, { staffMember: id });
    // Kyiv is UTC+2 in March before the last Sunday.
    expect(off!.startsAt.toISOString()).toBe('2031-03-20T07:00:00.000Z');
    expect(off!.endsAt.toISOString()).toBe('2031-03-27T16:00:00.000Z');
    const page = await manager.get(`${base}/${id}/hours`);
    expect(page.body).toMatch(/2031-03-20 09:00<\/td>\s*<td>2031-03-27 18:00<\/td>\s*<td>Vacation<\/td>/);
    const wrong = await manager.post(`${base}/${id}/time-off`, { from: '2031-03-20T12:00', to: '2031-03-20T09:00', reason: 'Oops' });
    expect(wrong.statusCode).toBe(422);
    expect(errorOf(wrong.body, 'to')).toBe('The end must be after the start.');
    expect(valueOf(wrong.body, 'reason')).toBe('Oops');
    expect((await manager.post(`${base}/${id}/time-off/${off!.id}/remove`)).statusCode).toBe(303);
    expect(await em().count(TimeOffSchema, { staffMember: id })).toBe(0);
    const audit = await em().find(AuditEntrySchema, { entityId: id, action: { $like: 'staff.time_off_%' } });
    expect(audit.map((a) => [a.action, a.actorId]).sort()).toEqual([
      ['staff.time_off_added', h.userIds.manager],
      ['staff.time_off_removed', h.userIds.manager],
    ]);
  });

  it('refuses a year outside 2000–2199 next to the field (422), adding nothing', async () => {
    const id = await newSpecialist();
    const year0 = await manager.post(`${base}/${id}/time-off`, { from: '0000-01-01T10:00', to: '2035-01-01T10:00', reason: 'Forever' });
    expect(year0.statusCode).toBe(422);
    expect(errorOf(year0.body, 'from')).toBe('Use a year between 2000 and 2199.');
    expect(valueOf(year0.body, 'reason')).toBe('Forever');
    const far = await manager.post(`${base}/${id}/time-off`, { from: '2035-01-01T10:00', to: '9999-12-31T10:00', reason: '' });
    expect(far.statusCode).toBe(422);
    expect(errorOf(far.body, 'to')).toBe('Use a year between 2000 and 2199.');
    for (const date of ['0000-01-01', '2200-01-01']) {
      const override = await manager.post(`${base}/${id}/overrides`, { date, hours: '', note: '' });
      expect(override.statusCode, date).toBe(422);
      expect(errorOf(override.body, 'date')).toBe('Use a year between 2000 and 2199.');
    }
    expect(await em().count(TimeOffSchema, { staffMember: id })).toBe(0);
    expect(await em().count(DateOverrideSchema, { staffMember: id })).toBe(0);
  });

  it('saves a note and a reason without NUL or other control characters (PostgreSQL refuses NUL)', async () => {
    const id = await newSpecialist();
    expect((await manager.post(`${base}/${id}/overrides`, { date: '2031-03-09', hours: '', note: 'Holi\u0000day\r\n' })).statusCode).toBe(303);
    expect((await manager.post(`${base}/${id}/time-off`, { from: '2031-03-20T09:00', to: '2031-03-21T09:00', reason: 'Sick\u0000\u0007 day' })).statusCode).toBe(303);
    expect((await em().findOneOrFail(DateOverrideSchema, { staffMember: id })).note).toBe('Holiday');
    expect((await em().findOneOrFail(TimeOffSchema, { staffMember: id })).reason).toBe('Sick day');
  });
});

describe('a staff-role user', () => {
  it('finds their own schedule from "My schedule" and may change it', async () => {
    const mine = await staff.get(`/admin/b/${h.world.business.slug}/my-schedule`);
    expect(mine.statusCode).toBe(303);
    expect(mine.headers.location).toBe(`${base}/${ownId}/hours`);
    const page = await staff.get(`${base}/${ownId}/hours`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`href="${base}"`);
    const saved = await staff.post(`${base}/${ownId}/overrides`, { date: '2031-03-15', hours: '', note: 'Wedding' });
    expect(saved.statusCode).toBe(303);
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: ownId, action: 'staff.date_override_set' });
    expect(audit.actorId).toBe(h.userIds.staff);
  });

  it('gets 404 for anyone else’s schedule, and their profile is not theirs to edit (403)', async () => {
    const otherId = h.world.staff[1]!.id;
    const before = await hoursOf(otherId);
    expect((await staff.get(`${base}/${otherId}/hours`)).statusCode).toBe(404);
    expect((await staff.post(`${base}/${otherId}/hours`, week({ d1: '09:00-10:00' }))).statusCode).toBe(404);
    expect((await staff.post(`${base}/${otherId}/hours`, week({ d1: 'broken' }))).statusCode).toBe(404);
    expect((await staff.post(`${base}/${otherId}/overrides`, { date: '2031-03-15', hours: '' })).statusCode).toBe(404);
    expect((await staff.post(`${base}/${otherId}/time-off`, { from: '2031-03-15T09:00', to: '2031-03-15T10:00' })).statusCode).toBe(404);
    expect(await hoursOf(otherId)).toEqual(before);
    expect(await em().count(DateOverrideSchema, { staffMember: otherId })).toBe(0);
    expect((await staff.get(`${base}/${ownId}`)).statusCode).toBe(403);
    expect((await staff.post(`${base}/${ownId}`, { name: 'Me', bio: 'Mine' })).statusCode).toBe(403);
  });

  it('without a linked staff member, "My schedule" says so', async () => {
    const owner = await h.as('owner');
    const page = await owner.get(`/admin/b/${h.world.business.slug}/my-schedule`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your account is not linked to a staff member of this business.');
  });
});

describe('another business', () => {
  it("answers 404 for its staff member's schedule on every route, changing nothing", async () => {
    const id = h.other.staff[0]!.id;
    const before = await hoursOf(id);
    expect((await manager.get(`${base}/${id}/hours`)).statusCode).toBe(404);
    expect((await manager.post(`${base}/${id}/hours`, week({ d1: '09:00-10:00' }))).statusCode).toBe(404);
    expect((await manager.post(`${base}/${id}/overrides`, { date: '2031-03-15', hours: '' })).statusCode).toBe(404);
    expect((await manager.post(`${base}/${id}/time-off`, { from: '2031-03-15T09:00', to: '2031-03-15T10:00' })).statusCode).toBe(404);
    expect((await manager.post(`${base}/${id}/overrides/${id}/remove`)).statusCode).toBe(404);
    expect((await manager.post(`${base}/${id}/time-off/${id}/remove`)).statusCode).toBe(404);
    expect(await hoursOf(id)).toEqual(before);
  });
});
