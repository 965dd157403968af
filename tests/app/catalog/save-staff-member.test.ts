import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidField } from '../../../src/app/catalog/invalid-field.ts';
import { listStaff } from '../../../src/app/catalog/list-staff.ts';
import { removeStaffPhoto } from '../../../src/app/catalog/remove-staff-photo.ts';
import { saveStaffMember } from '../../../src/app/catalog/save-staff-member.ts';
import { setStaffPhoto } from '../../../src/app/catalog/set-staff-photo.ts';
import { staffPhoto } from '../../../src/app/catalog/staff-photo.ts';
import { staffProfileForm } from '../../../src/app/catalog/staff-profile-form.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import type { Actor } from '../../../src/app/shared/use-case-context.ts';
import { AuditEntrySchema, MembershipSchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { validationIssues } from '../../support/validation-issues.ts';

let db: TestDatabase;
let world: BookingWorld;
let other: BookingWorld;
const userId = randomUUID();
const actor: Actor = { kind: 'business', userId };
let outsiderUserId: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]);

beforeAll(async () => {
  db = await createTestDatabase();
  world = await makeBookingWorld(db.orm);
  other = await makeBookingWorld(db.orm);
  const em = emAcrossBusinesses(db.orm);
  const outsider = em.create(UserSchema, { email: `outsider-${randomUUID()}@example.com`, name: 'Outsider', passwordHash: 'x' });
  em.create(MembershipSchema, { business: other.business.id, user: outsider, role: 'staff' });
  await em.flush();
  outsiderUserId = outsider.id;
});
afterAll(async () => {
  await db?.drop();
});

// The world's clock stands still: entries are compared as sets of actions.
const audits = (entityId: string) => emAcrossBusinesses(db.orm).find(AuditEntrySchema, { entityId }, { orderBy: { action: 'asc' } });
const actions = async (entityId: string) => (await audits(entityId)).map((a) => a.action).sort();
async function newMember(): Promise<string> {
  const em = emAcrossBusinesses(db.orm);
  const user = em.create(UserSchema, { email: `member-${randomUUID()}@example.com`, name: 'Member', passwordHash: 'x' });
  em.create(MembershipSchema, { business: world.business.id, user, role: 'staff' });
  await em.flush();
  return user.id;
}
const fieldError = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidField);
  return { field: (error as InvalidField).field, reason: (error as InvalidField).reason };
};

describe('saveStaffMember', () => {
  it('creates a staff member from form strings, last in the list, with the services they do, and audits it', async () => {
    const { id } = await saveStaffMember(world.ctx, world.business.id, actor, {
      name: '  Olena ',
      bio: 'Colour specialist',
      timeZone: 'Europe/Warsaw',
      dailyBookingCap: '6',
      active: ['', 'on'],
      position: '',
      serviceIds: ['', world.haircut.id, world.yoga.id],
    });
    const form = await staffProfileForm(world.ctx, world.business.id, id);
    expect(form.member).toMatchObject({ name: 'Olena', bio: 'Colour specialist', timeZone: 'Europe/Warsaw', dailyBookingCap: 6, active: true, userId: null, hasPhoto: false });
    expect(form.member!.serviceIds.sort()).toEqual([world.haircut.id, world.yoga.id].sort());
    const [audit] = await audits(id);
    expect(audit).toMatchObject({ action: 'staff.created', actorKind: 'user', actorId: userId, entityType: 'staff_member' });
    const list = await listStaff(world.ctx, world.business.id);
    expect(list.at(-1)?.id).toBe(id);
    expect(list.at(-1)).toMatchObject({ name: 'Olena', active: true, servicesCount: 2, workingDays: 0, weeklyMinutes: 0 });
  });

  it('takes what the wizard passes: a single service id, numbers and booleans, blank zone and cap as none', async () => {
    const { id } = await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Wizard', timeZone: '', dailyBookingCap: null, active: false, position: 7, serviceIds: world.massage.id });
    const { member } = await staffProfileForm(world.ctx, world.business.id, id);
    expect(member).toMatchObject({ timeZone: null, dailyBookingCap: null, active: false, position: 7, serviceIds: [world.massage.id] });
  });

  it('updates: missing services stay, a blank list clears them, the panel account is linked and unlinked', async () => {
    const memberUserId = await newMember();
    const { id } = await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Taras', serviceIds: [world.haircut.id] });
    await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Taras K.', userId: memberUserId }, id);
    let { member } = await staffProfileForm(world.ctx, world.business.id, id);
    expect(member).toMatchObject({ name: 'Taras K.', serviceIds: [world.haircut.id], userId: memberUserId, active: true });
    await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Taras K.', serviceIds: '', userId: '' }, id);
    ({ member } = await staffProfileForm(world.ctx, world.business.id, id));
    expect(member).toMatchObject({ serviceIds: [], userId: null });
    expect(await actions(id)).toEqual(['staff.created', 'staff.updated', 'staff.updated']);
  });

  it('refuses bad values field by field, with keys the form shows', async () => {
    const issues = await validationIssues(
      saveStaffMember(world.ctx, world.business.id, actor, { name: ' ', bio: 'x'.repeat(501), timeZone: 'Mars/Olympus', dailyBookingCap: '0', position: '-1', serviceIds: ['nope'], userId: 'me' }),
    );
    expect(issues).toEqual([
      'name: staff_name_required',
      'bio: staff_bio_too_long',
      'timeZone: staff_time_zone_invalid',
      'dailyBookingCap: staff_daily_cap_range',
      'position: staff_position_range',
      'serviceIds.0: staff_services_invalid',
      'userId: staff_account_invalid',
    ]);
    expect(await validationIssues(saveStaffMember(world.ctx, world.business.id, actor, { name: 'Cap', dailyBookingCap: '2.5' }))).toEqual(['dailyBookingCap: staff_daily_cap_range']);
  });

  it("refuses another business's services and accounts, and an account already linked to someone else", async () => {
    expect(await fieldError(saveStaffMember(world.ctx, world.business.id, actor, { name: 'X', serviceIds: [other.haircut.id] }))).toEqual({ field: 'serviceIds', reason: 'staff_services_invalid' });
    expect(await fieldError(saveStaffMember(world.ctx, world.business.id, actor, { name: 'X', userId: outsiderUserId }))).toEqual({ field: 'userId', reason: 'staff_account_invalid' });
    const account = await newMember();
    const linked = await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Linked', userId: account });
    expect(await fieldError(saveStaffMember(world.ctx, world.business.id, actor, { name: 'Second', userId: account }))).toEqual({ field: 'userId', reason: 'staff_account_taken' });
    // Saving the linked one again keeps its own link.
    await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Linked', userId: account }, linked.id);
  });

  it("does not find another business's staff member, nor a malformed id", async () => {
    await expect(saveStaffMember(world.ctx, world.business.id, actor, { name: 'Hijack' }, other.staff[0]!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(saveStaffMember(world.ctx, world.business.id, actor, { name: 'Hijack' }, 'not-an-id')).rejects.toBeInstanceOf(NotFound);
    await expect(staffProfileForm(world.ctx, world.business.id, other.staff[0]!.id)).rejects.toBeInstanceOf(NotFound);
    expect((await staffProfileForm(other.ctx, other.business.id, other.staff[0]!.id)).member?.name).toBe('Specialist 1');
  });
});

describe('staff photos', () => {
  it('stores a photo checked by content, serves it with its type, removes it, and audits each change', async () => {
    const { id } = await saveStaffMember(world.ctx, world.business.id, actor, { name: 'Photo' });
    expect(await setStaffPhoto(world.ctx, world.business.id, actor, id, Buffer.from('GIF89a not allowed'))).toEqual({ ok: false, reason: 'image_type' });
    expect(await setStaffPhoto(world.ctx, world.business.id, actor, id, Buffer.alloc(0))).toEqual({ ok: false, reason: 'image_empty' });
    expect(await staffPhoto(world.ctx, world.business.id, id)).toBeNull();
    expect(await setStaffPhoto(world.ctx, world.business.id, actor, id, PNG)).toEqual({ ok: true });
    const photo = await staffPhoto(world.ctx, world.business.id, id);
    expect(photo?.type).toBe('image/png');
    expect(Buffer.compare(photo!.data, PNG)).toBe(0);
    expect(await staffPhoto(other.ctx, other.business.id, id)).toBeNull();
    await removeStaffPhoto(world.ctx, world.business.id, actor, id);
    await removeStaffPhoto(world.ctx, world.business.id, actor, id);
    expect(await staffPhoto(world.ctx, world.business.id, id)).toBeNull();
    expect(await actions(id)).toEqual(['staff.created', 'staff.photo_removed', 'staff.photo_set']);
    await expect(setStaffPhoto(world.ctx, world.business.id, actor, other.staff[0]!.id, PNG)).rejects.toBeInstanceOf(NotFound);
  });
});
