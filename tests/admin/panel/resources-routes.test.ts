import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResources } from '../../../src/app/catalog/list-resources.ts';
import { AuditEntrySchema, ResourceSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let base: string;
let roomId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  admin = await h.as('admin');
  base = `/admin/b/${h.world.business.slug}/resources`;
  roomId = (await listResources(h.world.ctx, h.world.business.id))[0]!.id;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
const valueOf = (html: string, field: string) => new RegExp(`id="f-${field}"[^>]* value="([^"]*)"`).exec(html)?.[1];

describe('resources pages', () => {
  it('lists the resources with kind, capacity and status', async () => {
    const page = await admin.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${base}/new"`);
    expect(page.body).toContain(`href="${base}/${roomId}"`);
    expect(page.body).toContain('<code>room</code>');
    expect(page.body).toContain('Available');
  });

  it('creates a resource, kind lower-cased, audited with the panel user', async () => {
    const form = await admin.get(`${base}/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<option value="room"></option>');
    const response = await admin.post(base, { name: 'Pedicure chair', kind: 'Chair', capacity: '1', status: 'available', maintenanceNote: '', maintenanceUntil: '' });
    expect(response.statusCode).toBe(303);
    const created = await em().findOneOrFail(ResourceSchema, { business: h.world.business.id, name: 'Pedicure chair' });
    expect(created.kind).toBe('chair');
    expect(response.headers.location).toBe(`${base}?saved=${created.id}`);
    expect((await admin.get(String(response.headers.location))).body).toContain('Resource saved.');
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: created.id, action: 'resource.created' });
    expect(audit.actorId).toBe(h.userIds.admin);
  });

  it('puts a resource in maintenance until a local time, shown back in the business zone', async () => {
    const response = await admin.post(`${base}/${roomId}`, { name: 'Room', kind: 'room', capacity: '1', status: 'maintenance', maintenanceNote: 'Painting', maintenanceUntil: '2031-03-06T12:30' });
    expect(response.statusCode).toBe(303);
    const saved = await em().findOneOrFail(ResourceSchema, { id: roomId });
    expect(saved).toMatchObject({ status: 'maintenance', maintenanceNote: 'Painting', maintenanceUntil: new Date('2031-03-06T10:30:00Z') });
    const form = await admin.get(`${base}/${roomId}`);
    expect(valueOf(form.body, 'maintenanceUntil')).toBe('2031-03-06T12:30');
    expect(form.body).toContain('Europe/Kyiv');
    const list = await admin.get(base);
    expect(list.body).toContain('In maintenance');
    expect(list.body).toContain('Painting');
    expect(list.body).toMatch(/until Mar 6, 2031, 12:30/);
    await admin.post(`${base}/${roomId}`, { name: 'Room', kind: 'room', capacity: '1', status: 'available', maintenanceNote: '', maintenanceUntil: '' });
  });

  it('shows each error next to its field with the values kept (422), and changes nothing', async () => {
    const response = await admin.post(base, { name: '', kind: 'big room!', capacity: '0', status: 'maintenance', maintenanceNote: 'Leak', maintenanceUntil: '2031-03-01T10:00' });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'name')).toBe('Enter the resource&#39;s name.');
    expect(errorOf(response.body, 'kind')).toBe('Use letters, digits, - and _ only, up to 64 characters.');
    expect(errorOf(response.body, 'capacity')).toBe('Enter a whole number from 1 to 1000.');
    expect(valueOf(response.body, 'kind')).toBe('big room!');
    expect(valueOf(response.body, 'maintenanceNote')).toBe('Leak');
    expect(response.body).toMatch(/<option value="maintenance" selected>/);
    const past = await admin.post(base, { name: 'Boat', kind: 'boat', capacity: '2', status: 'maintenance', maintenanceNote: '', maintenanceUntil: '2031-03-01T10:00' });
    expect(past.statusCode).toBe(422);
    expect(errorOf(past.body, 'maintenanceUntil')).toBe('This time has already passed.');
    expect(await em().count(ResourceSchema, { business: h.world.business.id, name: 'Boat' })).toBe(0);
  });

  it('refuses maintenance until a year outside 2000–2199 (422), and saves a note without NUL or other control characters', async () => {
    const year0 = await admin.post(base, { name: 'Kiln', kind: 'kiln', capacity: '1', status: 'maintenance', maintenanceNote: '', maintenanceUntil: '0000-01-01T10:00' });
    expect(year0.statusCode).toBe(422);
    expect(errorOf(year0.body, 'maintenanceUntil')).toBe('Use a year between 2000 and 2199.');
    expect(await em().count(ResourceSchema, { business: h.world.business.id, name: 'Kiln' })).toBe(0);
    const noted = await admin.post(base, { name: 'Kiln\u0000', kind: 'kiln', capacity: '1', status: 'maintenance', maintenanceNote: 'Crack\u0000ed\r\n', maintenanceUntil: '' });
    expect(noted.statusCode).toBe(303);
    expect(await em().findOneOrFail(ResourceSchema, { business: h.world.business.id, name: 'Kiln' })).toMatchObject({ maintenanceNote: 'Cracked', maintenanceUntil: null });
  });

  it("answers 404 for another business's resource, and changes nothing", async () => {
    const theirs = (await listResources(h.other.ctx, h.other.business.id))[0]!.id;
    expect((await admin.get(`${base}/${theirs}`)).statusCode).toBe(404);
    expect((await admin.post(`${base}/${theirs}`, { name: 'Stolen', kind: 'room', capacity: '1' })).statusCode).toBe(404);
    expect((await admin.get(`${base}/nope`)).statusCode).toBe(404);
    expect((await em().findOneOrFail(ResourceSchema, { id: theirs })).name).toBe('Room');
  });

  it('is for admins and owners only', async () => {
    const staff = await h.as('staff');
    expect((await staff.get(base)).statusCode).toBe(403);
    expect((await staff.post(base, { name: 'By staff', kind: 'room', capacity: '1' })).statusCode).toBe(403);
    expect(await em().count(ResourceSchema, { name: 'By staff' })).toBe(0);
  });
});
