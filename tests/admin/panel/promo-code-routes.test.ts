import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePromoCode } from '../../../src/app/catalog/save-promo-code.ts';
import { AuditEntrySchema, BookingSchema, PromoCodeSchema } from '../../../src/db/entities/index.ts';
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
  base = `/admin/b/${h.world.business.slug}/promo-codes`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
const system = { kind: 'business', userId: null } as const;
const errorOf = (html: string, field: string) => new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
const valueOf = (html: string, field: string) => new RegExp(`id="f-${field}"[^>]* value="([^"]*)"`).exec(html)?.[1];
const form = (extra: Record<string, string | string[]> = {}) => ({
  code: 'spring',
  discountKind: 'percent',
  discountAmount: '15',
  validFrom: '',
  validUntil: '',
  maxUses: '',
  maxUsesPerCustomer: '',
  active: ['', 'on'],
  ...extra,
});

describe('promo code pages', () => {
  it('lists the codes with discount, validity, uses and state', async () => {
    const { id } = await savePromoCode(h.world.ctx, h.world.business.id, system, { code: 'USED', discountKind: 'fixed', discountAmount: '100', maxUses: 5, validUntil: '2031-03-31' });
    await savePromoCode(h.world.ctx, h.world.business.id, system, { code: 'OLD', discountKind: 'percent', discountAmount: 5, validUntil: '2031-01-31' });
    const fork = em();
    fork.create(BookingSchema, {
      business: h.world.business.id,
      service: h.world.haircut.id,
      staffMember: h.world.staff[0]!.id,
      customer: h.world.customers[0]!,
      startsAt: new Date(h.world.at('10:00')),
      endsAt: new Date(h.world.at('11:00')),
      blockedFrom: new Date(h.world.at('10:00')),
      blockedUntil: new Date(h.world.at('11:00')),
      status: 'confirmed',
      promoCode: id,
      priceMinor: 60000,
      currency: 'UAH',
      source: 'admin',
    });
    await fork.flush();
    const page = await admin.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${base}/new"`);
    expect(page.body).toMatch(/<code>USED<\/code>[\s\S]*?(UAH\s?100|₴100)[\s\S]*?until Mar 31, 2031[\s\S]*?1 of 5[\s\S]*?Active/);
    expect(page.body).toMatch(/<code>OLD<\/code>[\s\S]*?5%[\s\S]*?Expired/);
  });

  it('creates a code from the form, limited to ticked services, audited with the panel user', async () => {
    const page = await admin.get(`${base}/new`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${h.world.yoga.id}"`);
    const response = await admin.post(base, form({ code: 'summer-15', validFrom: '2031-06-01', validUntil: '2031-08-31', maxUsesPerCustomer: '1', serviceIds: [h.world.yoga.id, h.world.massage.id] }));
    expect(response.statusCode).toBe(303);
    const created = await em().findOneOrFail(PromoCodeSchema, { business: h.world.business.id, code: 'SUMMER-15' });
    expect(created).toMatchObject({ discountKind: 'percent', discountValue: 1500, maxUsesPerCustomer: 1, validFrom: new Date('2031-05-31T21:00:00Z'), validUntil: new Date('2031-08-31T21:00:00Z') });
    expect([...(created.serviceIds ?? [])].sort()).toEqual([h.world.yoga.id, h.world.massage.id].sort());
    expect(response.headers.location).toBe(`${base}?saved=${created.id}`);
    expect((await admin.get(String(response.headers.location))).body).toContain('Promo code saved.');
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: created.id, action: 'promo_code.created' });
    expect(audit.actorId).toBe(h.userIds.admin);
    // The edit form shows the days as typed (the last one included) and the services ticked.
    const edit = await admin.get(`${base}/${created.id}`);
    expect(valueOf(edit.body, 'validFrom')).toBe('2031-06-01');
    expect(valueOf(edit.body, 'validUntil')).toBe('2031-08-31');
    expect(valueOf(edit.body, 'discountAmount')).toBe('15');
    expect(edit.body).toContain(`value="${h.world.yoga.id}" checked`);
    expect(edit.body).not.toContain(`value="${h.world.haircut.id}" checked`);
  });

  it('puts the error next to the code when the business already has it, keeping what was typed', async () => {
    await savePromoCode(h.world.ctx, h.world.business.id, system, { code: 'WELCOME', discountKind: 'percent', discountAmount: 10 });
    const response = await admin.post(base, form({ code: 'welcome', discountAmount: '20', serviceIds: [h.world.yoga.id] }));
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'code')).toBe('You already have a promo code with this name.');
    expect(valueOf(response.body, 'code')).toBe('welcome');
    expect(valueOf(response.body, 'discountAmount')).toBe('20');
    expect(response.body).toContain(`value="${h.world.yoga.id}" checked`);
    expect(await em().count(PromoCodeSchema, { business: h.world.business.id, code: 'WELCOME' })).toBe(1);
  });

  it('shows each error next to its field (422)', async () => {
    const response = await admin.post(base, form({ code: 'no', discountKind: 'percent', discountAmount: '120', validFrom: '2031-05-10', validUntil: '2031-05-01', maxUses: '0' }));
    expect(response.statusCode).toBe(422);
    expect(errorOf(response.body, 'code')).toBe('Use 3 to 32 letters A–Z, digits and -.');
    expect(errorOf(response.body, 'discountAmount')).toBe('Enter a percent from 0.01 to 100, like 10 or 12.5.');
    expect(errorOf(response.body, 'validUntil')).toBe('The last day cannot be before the first.');
    expect(errorOf(response.body, 'maxUses')).toBe('Enter a whole number of at least 1, or leave it blank.');
    const services = await admin.post(base, form({ code: 'THEIRS', serviceIds: [h.other.haircut.id] }));
    expect(services.statusCode).toBe(422);
    expect(services.body).toContain('id="f-serviceIds-error">Pick services from the list.<');
    expect(await em().count(PromoCodeSchema, { code: 'THEIRS' })).toBe(0);
  });

  it('refuses a first or last day outside 2000–2199 next to the field (422), saving nothing', async () => {
    const year0 = await admin.post(base, form({ code: 'YEARZERO', validFrom: '0000-01-01' }));
    expect(year0.statusCode).toBe(422);
    expect(errorOf(year0.body, 'validFrom')).toBe('Use a year between 2000 and 2199.');
    expect(valueOf(year0.body, 'validFrom')).toBe('0000-01-01');
    const far = await admin.post(base, form({ code: 'YEARZERO', validUntil: '2200-01-01' }));
    expect(far.statusCode).toBe(422);
    expect(errorOf(far.body, 'validUntil')).toBe('Use a year between 2000 and 2199.');
    expect(await em().count(PromoCodeSchema, { code: 'YEARZERO' })).toBe(0);
  });

  it('edits a code: turned off, a fixed amount', async () => {
    const { id } = await savePromoCode(h.world.ctx, h.world.business.id, system, { code: 'EDITME', discountKind: 'percent', discountAmount: 10 });
    const response = await admin.post(`${base}/${id}`, form({ code: 'EDITME', discountKind: 'fixed', discountAmount: '250', active: '' }));
    expect(response.statusCode).toBe(303);
    expect(await em().findOneOrFail(PromoCodeSchema, { id })).toMatchObject({ discountKind: 'fixed', discountValue: 25000, active: false });
    const audit = await em().findOneOrFail(AuditEntrySchema, { entityId: id, action: 'promo_code.updated' });
    expect(audit.actorId).toBe(h.userIds.admin);
    expect((await admin.get(base)).body).toMatch(/<code>EDITME<\/code>[\s\S]*?Turned off/);
  });

  it("answers 404 for another business's code, and changes nothing", async () => {
    const { id } = await savePromoCode(h.other.ctx, h.other.business.id, system, { code: 'OTHERS', discountKind: 'percent', discountAmount: 10 });
    expect((await admin.get(`${base}/${id}`)).statusCode).toBe(404);
    expect((await admin.post(`${base}/${id}`, form({ code: 'OTHERS', discountAmount: '90' }))).statusCode).toBe(404);
    expect((await em().findOneOrFail(PromoCodeSchema, { id })).discountValue).toBe(1000);
    expect((await admin.get(base)).body).not.toContain('OTHERS');
  });

  it('is for admins and owners only', async () => {
    const manager = await h.as('manager');
    expect((await manager.get(base)).statusCode).toBe(403);
    expect((await manager.post(base, form({ code: 'BY-MANAGER' }))).statusCode).toBe(403);
    expect(await em().count(PromoCodeSchema, { code: 'BY-MANAGER' })).toBe(0);
  });
});
