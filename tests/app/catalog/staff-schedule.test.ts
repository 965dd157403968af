import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAvailability } from '../../../src/app/availability/list-availability.ts';
import { addTimeOff } from '../../../src/app/catalog/add-time-off.ts';
import { InvalidField } from '../../../src/app/catalog/invalid-field.ts';
import { ownStaffMember } from '../../../src/app/catalog/own-staff-member.ts';
import { removeDateOverride } from '../../../src/app/catalog/remove-date-override.ts';
import { removeTimeOff } from '../../../src/app/catalog/remove-time-off.ts';
import { saveStaffMember } from '../../../src/app/catalog/save-staff-member.ts';
import { setDateOverride } from '../../../src/app/catalog/set-date-override.ts';
import { setWeeklyHours } from '../../../src/app/catalog/set-weekly-hours.ts';
import { staffSchedule } from '../../../src/app/catalog/staff-schedule.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import type { Actor } from '../../../src/app/shared/use-case-context.ts';
import { AuditEntrySchema, MembershipSchema, UserSchema, WorkingHoursSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { validationIssues } from '../../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;
let userId: string;
let actor: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  other = await makeBookingWorld(db.orm);
  const em = emAcrossBusinesses(db.orm);
  const user = em.create(UserSchema, { email: `schedule-${w.business.slug}@example.com`, name: 'Sched', passwordHash: 'x' });
  em.create(MembershipSchema, { business: w.business.id, user, role: 'staff' });
  await em.flush();
  userId = user.id;
  actor = { kind: 'business', userId };
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(() => w.clock.reset());

/** A new specialist who does haircuts (60 min), with no hours yet. */
const newSpecialist = async (fields: Record<string, unknown> = {}) =>
  (await saveStaffMember(w.ctx, w.business.id, actor, { name: 'New', serviceIds: [w.haircut.id], ...fields })).id;
// Day offsets from the world's Monday 2031-03-03: 1 = Tuesday 03-04 … 5 = Saturday 03-08.
const startsOn = async (staffId: string, day: number) =>
  (await listAvailability(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId, from: w.at('00:00', day), to: w.at('23:59', day) })).slots.map((s) => s.local.time);
const actions = async (entityId: string) => (await emAcrossBusinesses(db.orm).find(AuditEntrySchema, { entityId }, { orderBy: { action: 'asc' } })).map((a) => a.action);

describe('setWeeklyHours', () => {
  it('replaces the weekly hours with what availability then offers: breaks between intervals, days off', async () => {
    const id = await newSpecialist();
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { d2: '08:00-10:00' });
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { d1: '09:00-12:00', d2: '09:00-12:00, 14:00-17:00', d3: '', d6: '10:00-12:00' });
    const rows = await emForBusiness(db.orm, w.business.id).find(WorkingHoursSchema, { staffMember: id }, { orderBy: { weekday: 'asc', startMinute: 'asc' } });
    expect(rows.map((r) => [r.weekday, r.startMinute, r.endMinute])).toEqual([
      [1, 540, 720],
      [2, 540, 720],
      [2, 840, 1020],
      [6, 600, 720],
    ]);
    expect(await startsOn(id, 1)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '14:00', '14:30', '15:00', '15:30', '16:00']);
    expect(await startsOn(id, 2)).toEqual([]);
    expect(await startsOn(id, 5)).toEqual(['10:00', '10:30', '11:00']);
    const view = await staffSchedule(w.ctx, w.business.id, id);
    expect(view.weekly).toEqual({ d1: '09:00-12:00', d2: '09:00-12:00, 14:00-17:00', d3: '', d4: '', d5: '', d6: '10:00-12:00', d7: '' });
    expect(view.timeZone).toBe('Europe/Kyiv');
    const audit = await emAcrossBusinesses(db.orm).find(AuditEntrySchema, { entityId: id, action: 'staff.hours_set' });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorId === userId)).toBe(true);
  });

  it('takes the list shape the onboarding wizard passes', async () => {
    const id = await newSpecialist();
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { days: [{ weekday: 2, intervals: [{ start: '13:00', end: '15:00' }] }] });
    expect(await startsOn(id, 1)).toEqual(['13:00', '13:30', '14:00']);
  });

  it('keeps hours in the staff member’s own zone', async () => {
    const id = await newSpecialist({ timeZone: 'Europe/London' });
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { d2: '09:00-10:00' });
    // 09:00 in London is 11:00 in Kyiv (both on winter time in early March).
    expect(await startsOn(id, 1)).toEqual(['11:00']);
  });

  it('refuses overlapping, reversed or out-of-range intervals per day, changing nothing', async () => {
    const id = await newSpecialist();
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { d1: '09:00-18:00' });
    expect(await validationIssues(setWeeklyHours(w.ctx, w.business.id, actor, id, { d1: '09:00-13:00, 12:00-18:00', d2: '18:00-09:00', d3: '09:00-24:30' }))).toEqual([
      'd1: staff_hours_overlap',
      'd2: staff_hours_reversed',
      'd3: staff_hours_range',
    ]);
    expect((await staffSchedule(w.ctx, w.business.id, id)).weekly.d1).toBe('09:00-18:00');
  });

  it('does not find another business’s staff member, nor someone else’s schedule for a staff-role user', async () => {
    await expect(setWeeklyHours(w.ctx, w.business.id, actor, other.staff[0]!.id, { d1: '09:00-10:00' })).rejects.toBeInstanceOf(NotFound);
    await expect(setWeeklyHours(w.ctx, w.business.id, actor, 'nope', { d1: '09:00-10:00' })).rejects.toBeInstanceOf(NotFound);
    const own = await newSpecialist({ userId });
    const notOwn = await newSpecialist();
    expect(await ownStaffMember(w.ctx, w.business.id, userId)).toMatchObject({ id: own });
    await expect(setWeeklyHours(w.ctx, w.business.id, actor, notOwn, { d1: '09:00-10:00' }, { ownUserId: userId })).rejects.toBeInstanceOf(NotFound);
    await expect(staffSchedule(w.ctx, w.business.id, notOwn, { ownUserId: userId })).rejects.toBeInstanceOf(NotFound);
    await setWeeklyHours(w.ctx, w.business.id, actor, own, { d1: '09:00-10:00' }, { ownUserId: userId });
    expect((await staffSchedule(w.ctx, w.business.id, own, { ownUserId: userId })).weekly.d1).toBe('09:00-10:00');
    // Unlinked again, so other tests may link the account.
    await saveStaffMember(w.ctx, w.business.id, actor, { name: 'New', userId: '' }, own);
  });
});

describe('date overrides', () => {
  it('closes a day or gives it its own hours, replaces an override of the same date, and removes it', async () => {
    const id = await newSpecialist();
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { d2: '09:00-12:00' });
    const { id: overrideId } = await setDateOverride(w.ctx, w.business.id, actor, id, { date: '2031-03-04', hours: '', note: 'Holiday' });
    expect(await startsOn(id, 1)).toEqual([]);
    const again = await setDateOverride(w.ctx, w.business.id, actor, id, { date: '2031-03-04', hours: '15:00-17:00' });
    expect(again.id).toBe(overrideId);
    expect(await startsOn(id, 1)).toEqual(['15:00', '15:30', '16:00']);
    // An extra working Sunday.
    await setDateOverride(w.ctx, w.business.id, actor, id, { date: '2031-03-09', hours: '10:00-11:00' });
    expect(await startsOn(id, 6)).toEqual(['10:00']);
    const view = await staffSchedule(w.ctx, w.business.id, id);
    expect(view.overrides.map((o) => [o.date, o.hours, o.closed, o.note])).toEqual([
      ['2031-03-04', '15:00-17:00', false, ''],
      ['2031-03-09', '10:00-11:00', false, ''],
    ]);
    await removeDateOverride(w.ctx, w.business.id, actor, id, overrideId);
    await removeDateOverride(w.ctx, w.business.id, actor, id, overrideId);
    expect(await startsOn(id, 1)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
    expect(await actions(id)).toEqual(['staff.created', 'staff.date_override_removed', 'staff.date_override_set', 'staff.date_override_set', 'staff.date_override_set', 'staff.hours_set']);
  });

  it('refuses a date already past in the staff member’s zone, and bad hours on their field', async () => {
    const id = await newSpecialist();
    const error = await setDateOverride(w.ctx, w.business.id, actor, id, { date: '2031-03-02', hours: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidField);
    expect(error).toMatchObject({ field: 'date', reason: 'staff_date_past' });
    await setDateOverride(w.ctx, w.business.id, actor, id, { date: '2031-03-03', hours: '' });
    expect(await validationIssues(setDateOverride(w.ctx, w.business.id, actor, id, { date: '2031-02-30', hours: '10:00' }))).toEqual(['date: staff_date_invalid', 'hours: staff_hours_format']);
  });
});

describe('time off', () => {
  it('is read in the staff member’s zone, blocks those hours, and can be removed', async () => {
    const id = await newSpecialist();
    await setWeeklyHours(w.ctx, w.business.id, actor, id, { d3: '09:00-14:00' });
    const { id: offId } = await addTimeOff(w.ctx, w.business.id, actor, id, { from: '2031-03-05T10:00', to: '2031-03-05 12:00', reason: 'Dentist' });
    expect(await startsOn(id, 2)).toEqual(['09:00', '12:00', '12:30', '13:00']);
    const view = await staffSchedule(w.ctx, w.business.id, id);
    expect(view.timeOff).toEqual([{ id: offId, from: '2031-03-05T10:00', to: '2031-03-05T12:00', reason: 'Dentist' }]);
    await removeTimeOff(w.ctx, w.business.id, actor, id, offId);
    expect(await startsOn(id, 2)).toContain('10:00');
    expect((await staffSchedule(w.ctx, w.business.id, id)).timeOff).toEqual([]);
    expect(await actions(id)).toEqual(['staff.created', 'staff.hours_set', 'staff.time_off_added', 'staff.time_off_removed']);
  });

  it('refuses an end before the start, time off already over, and dates that do not exist', async () => {
    const id = await newSpecialist();
    expect(await validationIssues(addTimeOff(w.ctx, w.business.id, actor, id, { from: '2031-03-05T12:00', to: '2031-03-05T10:00' }))).toEqual(['to: staff_time_off_order']);
    expect(await validationIssues(addTimeOff(w.ctx, w.business.id, actor, id, { from: 'tomorrow', to: '' }))).toEqual(['from: staff_date_time_invalid', 'to: staff_date_time_invalid']);
    await expect(addTimeOff(w.ctx, w.business.id, actor, id, { from: '2031-03-01T09:00', to: '2031-03-02T09:00' })).rejects.toMatchObject({ field: 'to', reason: 'staff_time_off_past' });
    await expect(addTimeOff(w.ctx, w.business.id, actor, id, { from: '2031-02-30T09:00', to: '2031-03-30T09:00' })).rejects.toMatchObject({ field: 'from', reason: 'staff_date_time_invalid' });
    await expect(addTimeOff(w.ctx, w.business.id, actor, other.staff[0]!.id, { from: '2031-03-05T09:00', to: '2031-03-05T10:00' })).rejects.toBeInstanceOf(NotFound);
  });
});
