import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, BusinessSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { MAX_IMAGE_BYTES } from '../../../src/app/shared/uploaded-image.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startPanelHarness, type PanelClient, type PanelHarness, type TestActor } from '../../support/panel-harness.ts';
import { TINY_PNG } from './access/settings.ts';

let db: TestDatabase;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

// One signed-in client per actor (signing in hashes a password: slow on purpose).
const clients = new Map<TestActor, PanelClient>();
async function as(actor: TestActor): Promise<PanelClient> {
  const client = clients.get(actor) ?? (await h.as(actor));
  clients.set(actor, client);
  return client;
}

const base = () => `/admin/b/${h.world.business.slug}`;
const url = () => `${base()}/branding`;
/** The business as stored, the logo loaded too. */
const stored = () => emForBusiness(db.orm, h.world.business.id).findOneOrFail(BusinessSchema, { id: h.world.business.id }, { populate: ['logo'] });
/** What branding the business has, the logo by its digest (comparing megabyte buffers is slow). */
async function summary() {
  const b = await stored();
  return { primary: b.brandPrimaryColor, accent: b.brandAccentColor, logoType: b.logoType, logo: b.logo ? createHash('sha256').update(b.logo).digest('hex') : null };
}
const audits = () => emForBusiness(db.orm, h.world.business.id).find(AuditEntrySchema, { action: 'business.branding_updated' }, { orderBy: { createdAt: 'asc' } });

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(40, 1)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const logo = (data: Buffer, filename = 'logo.png', contentType = 'image/png') => [{ field: 'logo', filename, contentType, data }];

describe('branding page', () => {
  it('shows the colours, a preview and no logo yet', async () => {
    const admin = await as('admin');
    const page = await admin.get(url());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('type="color" name="primaryColor" value="#1e90ff"');
    expect(page.body).toContain('type="color" name="accentColor" value="#00ced1"');
    expect(page.body).toContain('class="brand-preview"');
    expect(page.body).toContain(`href="${base()}/brand.css?v=1E90FF00CED1"`);
    expect(page.body).toContain('No logo yet.');
    expect(page.body).not.toContain('class="warning"');
    expect(page.body).toContain('enctype="multipart/form-data"');
  });

  it('saves new colours, audited with who changed which, and the header takes them', async () => {
    const owner = await as('owner');
    const saved = await owner.postMultipart(url(), { primaryColor: '#8b0000', accentColor: '#00ced1' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${url()}?saved=1`);
    expect(await stored()).toMatchObject({ brandPrimaryColor: '#8B0000', brandAccentColor: '#00CED1', logoType: null });
    const entries = await audits();
    expect(entries.at(-1)).toMatchObject({ actorKind: 'user', actorId: h.userIds.owner, entityType: 'business', entityId: h.world.business.id });
    expect(entries.at(-1)!.details).toEqual({ primaryColor: { from: '#1E90FF', to: '#8B0000' } });
    const page = await owner.get(String(saved.headers.location));
    expect(page.body).toContain('Saved.');
    expect(page.body).toContain(`href="${base()}/brand.css?v=8B000000CED1"`);
    const css = await owner.get(`${base()}/brand.css`);
    expect(css.body).toContain('--brand: #8B0000');
    expect(css.body).toContain('--brand-text: #ffffff');
    // A plain form post (no file) works too; the same colours again write nothing.
    const count = (await audits()).length;
    expect((await owner.post(url(), { primaryColor: '#8B0000', accentColor: '#00CED1' })).statusCode).toBe(303);
    expect(await audits()).toHaveLength(count);
  });

  it('warns, without refusing, about a main colour too light to stand out', async () => {
    const admin = await as('admin');
    expect((await admin.post(url(), { primaryColor: '#ffff66', accentColor: '#00ced1' })).statusCode).toBe(303);
    const page = await admin.get(url());
    expect(page.body).toContain('class="warning"');
    expect(page.body).toContain('This main colour is very light');
    expect((await stored()).brandPrimaryColor).toBe('#FFFF66');
    expect((await admin.post(url(), { primaryColor: '#1e90ff', accentColor: '#00ced1' })).statusCode).toBe(303);
    expect((await admin.get(url())).body).not.toContain('class="warning"');
  });

  it('refuses a colour that is not #RRGGBB next to its field, keeping the values typed', async () => {
    const admin = await as('admin');
    const before = await summary();
    const response = await admin.postMultipart(url(), { primaryColor: 'red', accentColor: '#123456' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<p class="error" id="f-primaryColor-error">Pick a colour (a code like #1E90FF).</p>');
    expect(response.body).toContain('name="accentColor" value="#123456"');
    expect(await summary()).toEqual(before);
  });

  it('takes a PNG, JPEG or WebP logo by its content, serves it to every member and shows it in the header', async () => {
    const admin = await as('admin');
    for (const [data, type] of [
      [JPEG, 'image/jpeg'],
      [WEBP, 'image/webp'],
      [TINY_PNG, 'image/png'],
    ] as const) {
      // The name and the browser's claim do not matter; the bytes do.
      const saved = await admin.postMultipart(url(), { primaryColor: '#1e90ff', accentColor: '#00ced1' }, logo(data, 'picture.bin', 'application/octet-stream'));
      expect(saved.statusCode, saved.body).toBe(303);
      const business = await stored();
      expect(business.logoType).toBe(type);
      expect(Buffer.from(business.logo!)).toEqual(data);
    }
    const entry = (await audits()).at(-1)!;
    expect(entry.details).toEqual({ logo: { action: 'uploaded', type: 'image/png', bytes: TINY_PNG.length } });
    expect(JSON.stringify(entry.details)).not.toContain(TINY_PNG.toString('base64').slice(0, 16));

    const staff = await as('staff');
    const served = await staff.get(`${base()}/logo`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['cache-control']).toBe('private, max-age=300');
    expect(served.rawPayload).toEqual(TINY_PNG);
    const home = await staff.get(base());
    expect(home.body).toMatch(new RegExp(`<img src="${base()}/logo\\?v=\\d+"`));
    const page = await admin.get(url());
    expect(page.body).toMatch(new RegExp(`src="${base()}/logo\\?v=\\d+"`));
    expect(page.body).toContain('Remove the logo');
  });

  it.each([
    ['a text file named logo.png', Buffer.from('just some text, not a picture'), 'logo.png', 'image/png', 'This file is not a PNG, JPEG or WebP picture.'],
    ['an SVG', SVG, 'logo.svg', 'image/svg+xml', 'This file is not a PNG, JPEG or WebP picture.'],
    ['an empty file', Buffer.alloc(0), 'logo.png', 'image/png', 'This file is empty.'],
  ])('refuses %s with 422 next to the field, and changes nothing', async (_name, data, filename, contentType, message) => {
    const admin = await as('admin');
    const before = await summary();
    const count = (await audits()).length;
    const response = await admin.postMultipart(url(), { primaryColor: '#000080', accentColor: '#00ced1' }, logo(data, filename, contentType));
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(new RegExp(`<p class="error" id="f-logo-error">${message}`));
    // The colours typed are kept for the next try, but not saved.
    expect(response.body).toContain('name="primaryColor" value="#000080"');
    expect(await summary()).toEqual(before);
    expect(await audits()).toHaveLength(count);
  });

  it('takes a logo of exactly 1 MiB; a larger one is refused by the upload limit (413) and changes nothing', async () => {
    const admin = await as('admin');
    const exact = Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.alloc(MAX_IMAGE_BYTES - 8, 0)]);
    expect((await admin.postMultipart(url(), { primaryColor: '#1e90ff', accentColor: '#00ced1' }, logo(exact))).statusCode).toBe(303);
    expect((await stored()).logo?.length).toBe(MAX_IMAGE_BYTES);
    const count = (await audits()).length;
    const big = Buffer.concat([exact, Buffer.alloc(1, 0)]);
    const response = await admin.postMultipart(url(), { primaryColor: '#000080', accentColor: '#00ced1' }, logo(big));
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('That file or form is too large.');
    const after = await stored();
    expect({ primary: after.brandPrimaryColor, bytes: after.logo?.length, same: after.logo ? Buffer.from(after.logo).equals(exact) : false }).toEqual({ primary: '#1E90FF', bytes: MAX_IMAGE_BYTES, same: true });
    expect(await audits()).toHaveLength(count);
  });

  it('keeps the logo when the form is saved with no file chosen, and removes it on request', async () => {
    const admin = await as('admin');
    await admin.postMultipart(url(), { primaryColor: '#1e90ff', accentColor: '#00ced1' }, logo(TINY_PNG));
    // A file input left empty posts a part with no name and no bytes.
    expect((await admin.postMultipart(url(), { primaryColor: '#1e90ff', accentColor: '#00ced1' }, logo(Buffer.alloc(0), '', 'application/octet-stream'))).statusCode).toBe(303);
    expect((await stored()).logoType).toBe('image/png');

    const removed = await admin.postMultipart(url(), { primaryColor: '#1e90ff', accentColor: '#00ced1', removeLogo: 'on' });
    expect(removed.statusCode).toBe(303);
    expect(await stored()).toMatchObject({ logo: null, logoType: null });
    expect((await audits()).at(-1)!.details).toEqual({ logo: { action: 'removed' } });
    expect((await admin.get(`${base()}/logo`)).statusCode).toBe(404);
    const page = await admin.get(url());
    expect(page.body).toContain('No logo yet.');
    expect(page.body).not.toContain('Remove the logo');
  });

  it('is for admins and owners; the logo for every member; another business is not found', async () => {
    for (const actor of ['staff', 'manager'] as const) {
      const client = await as(actor);
      expect((await client.get(url())).statusCode).toBe(403);
      expect((await client.postMultipart(url(), { primaryColor: '#000000', accentColor: '#000000' })).statusCode).toBe(403);
    }
    const owner = await as('owner');
    const other = `/admin/b/${h.other.business.slug}`;
    expect((await owner.get(`${other}/branding`)).statusCode).toBe(404);
    expect((await owner.postMultipart(`${other}/branding`, { primaryColor: '#000000', accentColor: '#000000' }, logo(TINY_PNG))).statusCode).toBe(404);
    expect((await owner.get(`${other}/logo`)).statusCode).toBe(404);
    const outsider = await as('outsider');
    expect((await outsider.get(`${base()}/logo`)).statusCode).toBe(404);
    expect((await outsider.postMultipart(url(), { primaryColor: '#000000', accentColor: '#000000' })).statusCode).toBe(404);
    const anonymous = await as('anonymous');
    expect((await anonymous.get(`${base()}/logo`)).statusCode).toBe(303);
    expect((await stored()).brandPrimaryColor).not.toBe('#000000');
  });

  it('needs the form token', async () => {
    const admin = await as('admin');
    expect((await admin.postMultipart(url(), { _csrf: 'forged', primaryColor: '#000000', accentColor: '#000000' })).statusCode).toBe(403);
    expect((await stored()).brandPrimaryColor).not.toBe('#000000');
  });
});
