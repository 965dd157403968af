import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredFile } from '../../../src/app/shared/file-store.ts';
import { parseConfig } from '../../../src/config.ts';
import { BusinessSchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { s3FileStore, type S3FileStore } from '../../../src/files/s3-file-store.ts';
import { startLocalS3, type LocalS3 } from '../../support/local-s3.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { TINY_PNG } from './access/settings.ts';

// Uploads with S3_URL set: the panel stores logos and photos in the bucket (the row
// keeps only their type) and serves them back from it, to the panel and the public page.
let db: TestDatabase;
let s3: LocalS3;
let store: S3FileStore;
let bucket: S3FileStore;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  s3 = await startLocalS3();
  // The store main.ts builds from the environment.
  const parsed = parseConfig({ S3_URL: s3.url }, process.cwd());
  if (!parsed.ok || !parsed.config.s3) throw new Error('S3_URL was not read');
  store = s3FileStore(parsed.config.s3);
  // A second client on the same bucket: what another web process on another machine sees.
  bucket = s3FileStore(parsed.config.s3);
  h = await startPanelHarness(db.orm, { bookingPage: {} });
  h.deps.ctx.uploads = store;
});
afterAll(async () => {
  await h?.close();
  store?.close();
  bucket?.close();
  await s3?.stop();
  await db?.drop();
});

const base = () => `/admin/b/${h.world.business.slug}`;
const business = () => emForBusiness(db.orm, h.world.business.id).findOneOrFail(BusinessSchema, { id: h.world.business.id }, { populate: ['logo'] });
const logoKey = () => `uploads/${h.world.business.id}/logo`;

describe('uploads with S3_URL set', () => {
  it('stores an uploaded logo in the bucket, not the row, and serves it back to the panel and the booking page', async () => {
    const admin = await h.as('admin');
    const saved = await admin.postMultipart(`${base()}/branding`, { primaryColor: '#1e90ff', accentColor: '#00ced1' }, [{ field: 'logo', filename: 'logo.png', contentType: 'image/png', data: TINY_PNG }]);
    expect(saved.statusCode, saved.body).toBe(303);

    expect(await readStoredFile(bucket, logoKey())).toEqual(TINY_PNG);
    const row = await business();
    expect(row.logoType).toBe('image/png');
    expect(row.logo).toBeNull();

    const staff = await h.as('staff');
    const served = await staff.get(`${base()}/logo`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload).toEqual(TINY_PNG);
    const publicLogo = await h.app.inject({ method: 'GET', url: `/b/${h.world.business.slug}/logo` });
    expect(publicLogo.statusCode).toBe(200);
    expect(publicLogo.rawPayload).toEqual(TINY_PNG);
  });

  it('removes the logo from the bucket when the logo is removed; the page has none then', async () => {
    const admin = await h.as('admin');
    const removed = await admin.post(`${base()}/branding`, { primaryColor: '#1e90ff', accentColor: '#00ced1', removeLogo: 'on' });
    expect(removed.statusCode, removed.body).toBe(303);
    expect(await bucket.get(logoKey())).toBeNull();
    expect((await business()).logoType).toBeNull();
    expect((await (await h.as('staff')).get(`${base()}/logo`)).statusCode).toBe(404);
  });

  it('still serves a logo stored in the row before S3_URL was set', async () => {
    const em = emForBusiness(db.orm, h.world.business.id).fork();
    const row = await em.findOneOrFail(BusinessSchema, { id: h.world.business.id });
    row.logo = Buffer.from(TINY_PNG);
    row.logoType = 'image/png';
    await em.flush();
    expect(await bucket.get(logoKey())).toBeNull();
    const served = await (await h.as('staff')).get(`${base()}/logo`);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload).toEqual(TINY_PNG);
  });

  it("stores a staff member's photo in the bucket, serves it, and deletes it on removal", async () => {
    const admin = await h.as('admin');
    const member = h.world.staff[0]!;
    const form = { name: 'Iryna', bio: '', timeZone: '', dailyBookingCap: '', position: '', active: 'on', serviceIds: h.world.haircut.id, userId: '' };
    const saved = await admin.postMultipart(`${base()}/staff/${member.id}`, form, [{ field: 'photo', filename: 'me.png', contentType: 'image/png', data: TINY_PNG }]);
    expect(saved.statusCode, saved.body).toBe(303);
    const key = `uploads/${h.world.business.id}/staff/${member.id}/photo`;
    expect(await readStoredFile(bucket, key)).toEqual(TINY_PNG);
    const row = await emForBusiness(db.orm, h.world.business.id).fork().findOneOrFail(StaffMemberSchema, { id: member.id }, { populate: ['photo'] });
    expect(row.photoType).toBe('image/png');
    expect(row.photo).toBeNull();

    const photo = await (await h.as('staff')).get(`${base()}/staff/${member.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.rawPayload).toEqual(TINY_PNG);

    const removed = await admin.post(`${base()}/staff/${member.id}/photo/remove`, {});
    expect(removed.statusCode, removed.body).toBe(303);
    expect(await bucket.get(key)).toBeNull();
  });
});
