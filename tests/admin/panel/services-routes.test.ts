import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, BusinessSchema, ResourceSchema, ServiceSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let admin: PanelClient;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  admin = await h.as('admin');
  base = `/admin/b/${h.world.business.slug}/services`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const valid = (extra: Record<string, string | string[]> = {}) => ({
  name: 'Manicure',
  description: 'Classic',
  durationMinutes: '50',
  price: '450.50',
  bufferBeforeMinutes: '0',
  bufferAfterMinutes: '10',
  capacity: '1',
  requiresResourceKind: '',
  depositKind: 'none',
  depositAmount: '',
  requiresApproval: '',
  active: ['', 'on'],
  position: '',
  name_ru: 'Маникюр',
  description_ru: '',
  name_uk: '',
  description_uk: '',
  name_kk: '',
  description_kk: '',
  ...extra,
});
/** The error paragraph shown under a field. */
const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
const valueOf = (html: string, field: string) => new RegExp(`id="f-${field}"[^>]* value="([^"]*)"`).exec(html)?.[1];

describe('services pages', () => {
  it('lists the services with duration, price in the business currency, and hidden ones marked', async () => {
    await em().nativeUpdate(ServiceSchema, { id: h.world.yoga.id }, { active: false });
    const page = await admin.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${base}/new"`);
    expect(page.body).toContain(`href="${base}/${h.world.haircut.id}"`);
    expect(page.body).toContain('Haircut');
    expect(page.body).toContain('60 min');
    expect(page.body).toMatch(/UAH\s?600|600\s?₴|₴600/);
    expect(page.body).toMatch(/Yoga<\/a>[\s\S]*?Hidden/);
    expect(page.body).not.toContain(h.other.haircut.id);
  });

  it('creates a service from the form, audited with the panel user, and says so on the list', async () => {
    const form = await admin.get(`${base}/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Price, UAH');
    // The page's own data leaves the layout's language switch alone.
    expect(form.body).toContain('<option value="en" selected>English</option>');
    expect(form.body).toContain('<legend>Русский</legend>');
    const response = await admin.post(base, valid());
    expect(response.statusCode).toBe(303);
    const created = await em().findOneOrFail(ServiceSchema, { business: h.world.business.id, name: 'Manicure' });
    expect(created).toMatchObject({ priceMinor: 45050, durationMinutes: 50, bufferAfterMinutes: 10, active: true, translations: { ru: { name: 'Маникюр' } } });
    expect(response.headers.location).toBe(`${base}?saved=${created.id}`);
    const list = await admin.get(String(response.headers.location));
    expect(list.body).toContain('Service saved.');
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: created.id, action: 'service.created' });
    expect(audit).toMatchObject({ actorKind: 'user', actorId: h.userIds.admin });
  });

  it('shows each error next to its field with every value kept (422)', async () => {
    const response = await admin.post(base, valid({ name: '', durationMinutes: '3', price: '12,345.6', bufferAfterMinutes: '721', depositKind: 'percent', depositAmount: '150', requiresApproval: ['', 'on'] }));
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'name')).toBe('Enter the service&#39;s name.');
    expect(errorOf(response.body, 'durationMinutes')).toBe('Enter a whole number of minutes from 5 to 1440.');
    expect(errorOf(response.body, 'price')).toBe('Enter a price like 8000 or 12.50.');
    expect(errorOf(response.body, 'bufferAfterMinutes')).toBe('Enter a whole number of minutes from 0 to 720.');
    expect(errorOf(response.body, 'depositAmount')).toBe('Enter a whole percent from 1 to 100.');
    expect(valueOf(response.body, 'durationMinutes')).toBe('3');
    expect(valueOf(response.body, 'price')).toBe('12,345.6');
    expect(valueOf(response.body, 'name_ru')).toBe('Маникюр');
    expect(response.body).toMatch(/id="f-requiresApproval"[^>]* checked/);
    expect(response.body).toMatch(/<option value="percent" selected>/);
    expect(await em().count(ServiceSchema, { business: h.world.business.id, name: '' })).toBe(0);
  });

  it("refuses what the business's own data does not allow: an unknown resource kind, a deposit above the price", async () => {
    const kind = await admin.post(base, valid({ name: 'Sauna', requiresResourceKind: 'sauna' }));
    expect(kind.statusCode).toBe(422);
    expect(errorOf(kind.body, 'requiresResourceKind')).toBe('Add a resource of this kind first.');
    // The kind typed stays selectable, so the form shows what was sent.
    expect(kind.body).toMatch(/<option value="sauna" selected>/);
    const deposit = await admin.post(base, valid({ name: 'Sauna', depositKind: 'fixed', depositAmount: '500' }));
    expect(deposit.statusCode).toBe(422);
    expect(errorOf(deposit.body, 'depositAmount')).toBe('The deposit cannot be more than the price.');
    expect(await em().count(ServiceSchema, { business: h.world.business.id, name: 'Sauna' })).toBe(0);
  });

  it('offers the business resource kinds and edits a service: hidden, a room, a fixed deposit', async () => {
    const fork = em();
    fork.create(ResourceSchema, { business: h.world.business.id, name: 'Chair 1', kind: 'chair' });
    await fork.flush();
    const form = await admin.get(`${base}/${h.world.haircut.id}`);
    expect(form.statusCode).toBe(200);
    expect(valueOf(form.body, 'name')).toBe('Haircut');
    expect(valueOf(form.body, 'price')).toBe('600');
    expect(form.body).toContain('<option value="chair">');
    expect(form.body).toContain('<option value="room">');
    const response = await admin.post(`${base}/${h.world.haircut.id}`, valid({ name: 'Haircut', price: '650', requiresResourceKind: 'chair', depositKind: 'fixed', depositAmount: '100', active: '' }));
    expect(response.statusCode).toBe(303);
    const saved = await em().findOneOrFail(ServiceSchema, { id: h.world.haircut.id });
    expect(saved).toMatchObject({ priceMinor: 65000, requiresResourceKind: 'chair', depositKind: 'fixed', depositValue: 10000, active: false });
    const again = await admin.get(`${base}/${h.world.haircut.id}`);
    expect(valueOf(again.body, 'depositAmount')).toBe('100');
    expect(again.body).not.toMatch(/id="f-active"[^>]* checked/);
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: h.world.haircut.id, action: 'service.updated' });
    expect(audit.actorId).toBe(h.userIds.admin);
  });

  it("answers 404 for another business's service or an id that is none, and changes nothing", async () => {
    const theirs = `${base}/${h.other.haircut.id}`;
    expect((await admin.get(theirs)).statusCode).toBe(404);
    expect((await admin.post(theirs, valid({ name: 'Stolen' }))).statusCode).toBe(404);
    expect((await admin.get(`${base}/not-an-id`)).statusCode).toBe(404);
    expect((await em().findOneOrFail(ServiceSchema, { id: h.other.haircut.id })).name).toBe('Haircut');
  });

  it('is for admins and owners only', async () => {
    const manager = await h.as('manager');
    expect((await manager.get(base)).statusCode).toBe(403);
    expect((await manager.post(base, valid({ name: 'By a manager' }))).statusCode).toBe(403);
    const owner = await h.as('owner');
    expect((await owner.get(base)).statusCode).toBe(200);
  });

  it('speaks the panel user language', async () => {
    const client = await h.as('admin');
    await client.post('/admin/language', { language: 'ru', back: base });
    const page = await client.get(`${base}/new`);
    expect(page.body).toContain('Показывать клиентам');
    expect(page.body).toContain('Цена, UAH');
  });
});

describe("a service's name and description in other languages", () => {
  it('refuses a translation into a language BookChat does not speak, or a name too long, next to the field, and saves nothing (422)', async () => {
    const unknown = await admin.post(base, valid({ name: 'Pedicure', name_de: 'Pediküre' }));
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown.body, 'translations')).toBe('Translations can only be into English, Russian, Ukrainian or Kazakh.');
    const description = await admin.post(base, valid({ name: 'Pedicure', description_pl: 'Pedicure' }));
    expect(description.statusCode).toBe(422);
    const tooLong = await admin.post(base, valid({ name: 'Pedicure', name_kk: 'П'.repeat(201) }));
    expect(tooLong.statusCode).toBe(422);
    expect(errorOf(tooLong.body, 'name_kk')).toBe(errorOf((await admin.post(base, valid({ name: 'П'.repeat(201) }))).body, 'name'));
    expect(await em().count(ServiceSchema, { business: h.world.business.id, name: 'Pedicure' })).toBe(0);
  });

  it("offers every language but the business's own: a Russian-speaking business translates into English", async () => {
    const business = h.world.business.id;
    const setLanguage = (defaultLocale: string) => em().nativeUpdate(BusinessSchema, { id: business }, { defaultLocale });
    await setLanguage('ru');
    try {
      const form = await admin.get(`${base}/new`);
      expect(form.body).toContain('id="f-name_en"');
      expect(form.body).not.toContain('id="f-name_ru"');
      const created = await admin.post(base, valid({ name: 'Маникюр-люкс', name_ru: 'Ignored: Russian is the main text', name_en: 'Deluxe manicure', description_en: 'With a hand massage' }));
      expect(created.statusCode).toBe(303);
      const saved = await em().findOneOrFail(ServiceSchema, { business, name: 'Маникюр-люкс' });
      expect(saved.translations).toEqual({ en: { name: 'Deluxe manicure', description: 'With a hand massage' } });
      expect(valueOf((await admin.get(`${base}/${saved.id}`)).body, 'name_en')).toBe('Deluxe manicure');
    } finally {
      await setLanguage('en');
    }
  });
});
