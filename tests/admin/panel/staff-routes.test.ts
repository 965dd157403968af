import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let manager: PanelClient;
let staff: PanelClient;
let base: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  [admin, manager, staff] = await Promise.all([h.as('admin'), h.as('manager'), h.as('staff')]);
  base = `/admin/b/${h.world.business.slug}/staff`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const row = (id: string) => em().findOneOrFail(StaffMemberSchema, { id }, { populate: ['services', 'photo'] });
/** The error paragraph shown under a field. */
const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
const valueOf = (html: string, field: string) => new RegExp(`id="f-${field}"[^>]* value="([^"]*)"`).exec(html)?.[1];
const idFrom = (location: unknown) => /\/staff\/([0-9a-f-]{36})/.exec(String(location))?.[1] ?? '';
const valid = (extra: Record<string, string | string[]> = {}) => ({
  name: 'Iryna',
  bio: 'Cuts and colour',
  timeZone: '',
  dailyBookingCap: '5',
  position: '',
  active: ['', 'on'],
  serviceIds: ['', h.world.haircut.id, h.world.consultation.id],
  userId: '',
  ...extra,
});

// A multipart form holds one value per field here: the checkbox ticked, one service.
const multipart = (extra: Record<string, string> = {}) => ({ ...valid(), active: 'on', serviceIds: h.world.haircut.id, ...extra });

describe('staff list', () => {
  it('shows each staff member with their services and weekly hours; admins get the profile links and "New"', async () => {
    const page = await admin.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${base}/new"`);
    expect(page.body).toContain(`href="${base}/${h.world.staff[0]!.id}"`);
    expect(page.body).toContain(`href="${base}/${h.world.staff[0]!.id}/hours"`);
    expect(page.body).toContain('Specialist 1');
    expect(page.body).toContain('4 services');
    expect(page.body).toContain('7/7 days · 63 h a week');
  });

  it('gives managers the schedules only, and staff no list at all', async () => {
    const page = await manager.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`href="${base}/new"`);
    expect(page.body).not.toContain(`href="${base}/${h.world.staff[0]!.id}"`);
    expect(page.body).toContain(`href="${base}/${h.world.staff[0]!.id}/hours"`);
    expect((await staff.get(base)).statusCode).toBe(403);
    expect((await manager.get(`${base}/${h.world.staff[0]!.id}`)).statusCode).toBe(403);
  });
});

describe('staff profile', () => {
  it('creates a staff member with services and a photo, then goes to their hours; the change is audited with who made it', async () => {
    const response = await admin.postMultipart(base, multipart(), [{ field: 'photo', filename: 'me.png', contentType: 'image/png', data: PNG }]);
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/\/staff\/[0-9a-f-]{36}\/hours\?saved=1$/);
    const id = idFrom(response.headers.location);
    const saved = await row(id);
    expect(saved).toMatchObject({ name: 'Iryna', bio: 'Cuts and colour', timeZone: null, dailyBookingCap: 5, active: true, photoType: 'image/png' });
    expect(saved.services.getItems().map((s) => s.id)).toEqual([h.world.haircut.id]);
    const audit = await em().find(AuditEntrySchema, { entityId: id }, { orderBy: { action: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['staff.created', h.userIds.admin],
      ['staff.photo_set', h.userIds.admin],
    ]);
    const photo = await staff.get(`${base}/${id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(String(photo.headers['cache-control'])).toMatch(/^private\b/);
    expect(Buffer.compare(photo.rawPayload, PNG)).toBe(0);
  });

  it('edits a profile from a plain form: zone set, cap and services cleared, the panel account linked, made inactive', async () => {
    const created = await admin.post(base, valid({ name: 'Bohdan' }));
    const id = idFrom(created.headers.location);
    const form = await admin.get(`${base}/${id}`);
    expect(form.statusCode).toBe(200);
    expect(valueOf(form.body, 'name')).toBe('Bohdan');
    expect(valueOf(form.body, 'dailyBookingCap')).toBe('5');
    expect(form.body).toMatch(new RegExp(`value="${h.world.consultation.id}" checked`));
    const response = await admin.post(`${base}/${id}`, valid({ name: 'Bohdan K.', dailyBookingCap: '', timeZone: 'Asia/Almaty', serviceIds: [''], userId: h.userIds.manager, active: '' }));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${base}/${id}?saved=1`);
    const saved = await row(id);
    expect(saved).toMatchObject({ name: 'Bohdan K.', dailyBookingCap: null, timeZone: 'Asia/Almaty', active: false });
    expect(saved.user?.id).toBe(h.userIds.manager);
    expect(saved.services.count()).toBe(0);
    const page = await admin.get(`${base}/${id}?saved=1`);
    expect(page.body).toContain('Saved.');
    expect(page.body).toMatch(new RegExp(`<option value="${h.userIds.manager}" selected>`));
    expect(page.body).toContain('<option value="Asia/Almaty" selected>Asia/Almaty</option>');
    expect(page.body).toContain('<option value="">Business zone (Europe/Kyiv)</option>');
  });

  it('shows each error next to its field with the values typed kept (422), saving nothing', async () => {
    const before = await em().count(StaffMemberSchema, { business: h.world.business.id });
    const response = await admin.post(base, valid({ name: '', timeZone: 'Mars/Olympus', dailyBookingCap: '0', bio: 'Kept <b>as typed</b>' }));
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'name')).toBe('Enter a name.');
    expect(errorOf(response.body, 'timeZone')).toBe('Choose a time zone from the list.');
    expect(errorOf(response.body, 'dailyBookingCap')).toBe('Enter a whole number from 1 to 1000, or leave blank.');
    expect(valueOf(response.body, 'dailyBookingCap')).toBe('0');
    expect(response.body).toContain('Kept &lt;b&gt;as typed&lt;/b&gt;</textarea>');
    expect(response.body).toMatch(new RegExp(`value="${h.world.haircut.id}" checked`));
    expect(await em().count(StaffMemberSchema, { business: h.world.business.id })).toBe(before);
  });

  it('saves a name and bio without NUL or other control characters (PostgreSQL refuses NUL), and refuses a name of nothing else (422)', async () => {
    const response = await admin.post(base, valid({ name: 'Nul\u0000 Iryna\t2', bio: 'Line one\u0000\r\nline\u0007 two' }));
    expect(response.statusCode).toBe(303);
    const id = idFrom(response.headers.location);
    expect(await row(id)).toMatchObject({ name: 'Nul Iryna 2', bio: 'Line one\nline two' });
    expect((await em().findOneOrFail(AuditEntrySchema, { entityId: id, action: 'staff.created' })).details).toMatchObject({ name: 'Nul Iryna 2' });
    const before = await em().count(StaffMemberSchema, { business: h.world.business.id });
    const blank = await admin.post(base, valid({ name: '\u0000 \u0000' }));
    expect(blank.statusCode).toBe(422);
    expect(errorOf(blank.body, 'name')).toBe('Enter a name.');
    expect(await em().count(StaffMemberSchema, { business: h.world.business.id })).toBe(before);
  });

  it("refuses another business's service and an account already linked, next to their fields", async () => {
    const services = await admin.post(base, valid({ serviceIds: ['', h.other.haircut.id] }));
    expect(services.statusCode).toBe(422);
    expect(services.body).toContain('Choose services of this business.');
    await em().nativeUpdate(StaffMemberSchema, { id: h.world.staff[1]!.id }, { user: h.userIds.owner });
    const taken = await admin.post(base, valid({ userId: h.userIds.owner }));
    expect(taken.statusCode).toBe(422);
    expect(errorOf(taken.body, 'userId')).toBe('This account is already linked to another staff member.');
    await em().nativeUpdate(StaffMemberSchema, { id: h.world.staff[1]!.id }, { user: null });
  });

  it('refuses a photo that is not PNG, JPEG or WebP by its content, whatever its name (422, nothing saved)', async () => {
    const id = idFrom((await admin.post(base, valid({ name: 'No photo yet' }))).headers.location);
    const response = await admin.postMultipart(`${base}/${id}`, multipart({ name: 'Renamed', serviceIds: '' }), [{ field: 'photo', filename: 'me.png', contentType: 'image/png', data: GIF }]);
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'photo')).toBe('Use a PNG, JPEG or WebP image.');
    expect(valueOf(response.body, 'name')).toBe('Renamed');
    expect(await row(id)).toMatchObject({ name: 'No photo yet', photoType: null });
  });

  it('answers 413 to a photo over 1 MiB', async () => {
    const id = h.world.staff[1]!.id;
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024, 1)]);
    const response = await admin.postMultipart(`${base}/${id}`, multipart({ name: 'Too big' }), [{ field: 'photo', filename: 'big.png', contentType: 'image/png', data: big }]);
    expect(response.statusCode).toBe(413);
    expect((await row(id)).name).toBe('Specialist 2');
  });

  it('removes a photo (audited); the photo then answers 404', async () => {
    const created = await admin.postMultipart(base, multipart({ name: 'With photo' }), [{ field: 'photo', filename: 'p.png', contentType: 'image/png', data: PNG }]);
    const id = idFrom(created.headers.location);
    expect((await admin.get(`${base}/${id}`)).body).toContain(`src="${base}/${id}/photo"`);
    const removed = await admin.post(`${base}/${id}/photo/remove`);
    expect(removed.statusCode).toBe(303);
    expect((await admin.get(`${base}/${id}/photo`)).statusCode).toBe(404);
    expect(await em().count(AuditEntrySchema, { entityId: id, action: 'staff.photo_removed', actorId: h.userIds.admin })).toBe(1);
  });

  it("answers 404 for another business's staff member, for every profile route", async () => {
    const id = h.other.staff[0]!.id;
    expect((await admin.get(`${base}/${id}`)).statusCode).toBe(404);
    expect((await admin.post(`${base}/${id}`, valid())).statusCode).toBe(404);
    expect((await admin.post(`${base}/${id}/photo/remove`)).statusCode).toBe(404);
    expect((await admin.get(`${base}/${id}/photo`)).statusCode).toBe(404);
    expect((await admin.get(`${base}/not-an-id`)).statusCode).toBe(404);
    expect((await row(id)).name).toBe('Specialist 1');
  });
});

describe("a staff member's name in other languages", () => {
  it('offers a field per language but the business\'s own, saves the ones typed and shows them again', async () => {
    const form = await admin.get(`${base}/new`);
    expect(form.body).toContain('Name in other languages');
    for (const field of ['name_ru', 'name_uk', 'name_kk']) expect(form.body).toContain(`id="f-${field}"`);
    // English is this business's own language: the main name is in it.
    expect(form.body).not.toContain('id="f-name_en"');
    const created = await admin.post(base, valid({ name: 'Dana', name_ru: 'Дана', name_kk: ' Дана ', name_uk: '' }));
    expect(created.statusCode).toBe(303);
    const id = idFrom(created.headers.location);
    expect((await row(id)).translations).toEqual({ ru: { name: 'Дана' }, kk: { name: 'Дана' } });
    const edit = await admin.get(`${base}/${id}`);
    expect(valueOf(edit.body, 'name_ru')).toBe('Дана');
    expect(valueOf(edit.body, 'name_uk')).toBe('');
    // Cleared on the form: gone.
    expect((await admin.post(`${base}/${id}`, valid({ name: 'Dana', name_ru: '', name_kk: 'Дана' }))).statusCode).toBe(303);
    expect((await row(id)).translations).toEqual({ kk: { name: 'Дана' } });
  });

  it('refuses a translation into a language BookChat does not speak, or one too long, next to the field, and saves nothing (422)', async () => {
    const unknown = await admin.post(base, valid({ name: 'Unknown language', name_de: 'Dana' }));
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown.body, 'translations')).toBe('Translations can only be into English, Russian, Ukrainian or Kazakh.');
    const tooLong = await admin.post(base, valid({ name: 'Too long', name_kk: 'Д'.repeat(201) }));
    expect(tooLong.statusCode).toBe(422);
    expect(errorOf(tooLong.body, 'name_kk')).toBeTruthy();
    expect(valueOf(tooLong.body, 'name_kk')).toBe('Д'.repeat(201));
    expect(await em().count(StaffMemberSchema, { name: { $in: ['Unknown language', 'Too long'] } })).toBe(0);
    // Nor is an existing one changed.
    const id = h.world.staff[0]!.id;
    expect((await admin.post(`${base}/${id}`, valid({ name: 'Renamed', name_xx: 'X' }))).statusCode).toBe(422);
    expect((await row(id)).name).toBe('Specialist 1');
  });
});
