import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAvailability } from '../../../src/app/availability/list-availability.ts';
import { listBookableDays } from '../../../src/app/availability/list-bookable-days.ts';
import { createBusiness } from '../../../src/app/catalog/create-business.ts';
import { getBusinessSetup } from '../../../src/app/catalog/get-business-setup.ts';
import { AuditEntrySchema, BusinessSchema, StaffMemberSchema, WorkingHoursSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

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
beforeEach(() => h.world.clock.reset());

const step1 = (extra: Record<string, string> = {}) => ({ name: 'Салон Лето', slug: '', timeZone: 'Asia/Almaty', language: 'ru', currency: 'KZT', phoneCountry: 'KZ', ...extra });
const WORKDAY = '09:00-13:00, 14:00-18:00';
const week = { d1: WORKDAY, d2: WORKDAY, d3: WORKDAY, d4: WORKDAY, d5: WORKDAY, d6: '', d7: '' };

/** The text of the error shown under a field, if any. */
function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`id="f-${field}-error">([^<]*)<`).exec(html)?.[1];
}
/** The value an input shows. */
function inputValue(html: string, field: string): string | undefined {
  return new RegExp(`<input id="f-${field}"[^>]*value="([^"]*)"`).exec(html)?.[1];
}
const businessBySlug = (slug: string) => emAcrossBusinesses(db.orm).findOneOrFail(BusinessSchema, { slug });

/** A business of the outsider's, created as the wizard's first step does. */
async function ownBusiness(name: string, extra: Record<string, string> = {}): Promise<{ id: string; slug: string }> {
  const outcome = await createBusiness(h.deps.ctx, h.userIds.outsider, step1({ name, language: 'en', ...extra }));
  if (outcome.kind !== 'created') throw new Error('not created');
  return { id: outcome.businessId, slug: outcome.slug };
}

describe('onboarding wizard', () => {
  it('takes a signed-in user from nothing to a business with a service and a specialist with hours that offers slots', async () => {
    const c = await h.as('outsider');
    // The business speaks Russian; this person reads the panel in English.
    await c.post('/admin/language', { language: 'en', back: '/admin' });
    const start = await c.get('/admin/new');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Step 1 of 5');
    expect(start.body).toMatch(/<option value="Asia\/Almaty" selected>/);

    const created = await c.post('/admin/new', step1());
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/b/salon-leto/setup/contact');
    const business = await businessBySlug('salon-leto');
    expect(business).toMatchObject({ name: 'Салон Лето', timeZone: 'Asia/Almaty', defaultLocale: 'ru', currency: 'KZT', phoneCountry: 'KZ' });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { business: business.id, action: 'business.created' });
    expect(audit.actorId).toBe(h.userIds.outsider);

    const contact = await c.get('/admin/b/salon-leto/setup/contact');
    expect(contact.statusCode).toBe(200);
    expect(contact.body).toContain('Step 2 of 5');
    expect(contact.body).toContain('href="/admin/b/salon-leto/setup"');
    const saved = await c.post('/admin/b/salon-leto/setup/contact', { address: 'Abay 1, Almaty', mapUrl: 'https://2gis.kz/almaty/geo/1', phone: '8 701 123 45 67' });
    expect(saved.headers.location).toBe('/admin/b/salon-leto/setup/services');
    expect(await businessBySlug('salon-leto')).toMatchObject({ address: 'Abay 1, Almaty', mapUrl: 'https://2gis.kz/almaty/geo/1', phone: '+77011234567' });

    const service = { name: 'Стрижка', durationMinutes: '60', price: '8 000', bufferBeforeMinutes: '0', bufferAfterMinutes: '15', depositKind: 'percent', depositAmount: '20' };
    const another = await c.post('/admin/b/salon-leto/setup/services', { ...service, then: 'another' });
    expect(another.headers.location).toBe('/admin/b/salon-leto/setup/services?added=1');
    const listed = await c.get('/admin/b/salon-leto/setup/services?added=1');
    expect(listed.body).toContain('Стрижка');
    expect(listed.body).toContain('Service added.');
    const onward = await c.post('/admin/b/salon-leto/setup/services', { then: 'next', name: '', durationMinutes: '60', price: '' });
    expect(onward.headers.location).toBe('/admin/b/salon-leto/setup/staff');

    const staffPage = await c.get('/admin/b/salon-leto/setup/staff');
    expect(staffPage.body).toContain('Step 4 of 5');
    expect(inputValue(staffPage.body, 'd1')).toBe(WORKDAY);
    expect(inputValue(staffPage.body, 'd6')).toBe('');
    expect(staffPage.body).toMatch(/name="who" value="me" checked/);
    const { services } = await getBusinessSetup(h.deps.ctx, business.id);
    expect(services).toMatchObject([{ name: 'Стрижка', durationMinutes: 60, priceMinor: 800000, currency: 'KZT' }]);
    const alone = await c.post('/admin/b/salon-leto/setup/staff', { then: 'next', who: 'me', name: '', serviceIds: [services[0]!.id], ...week });
    expect(alone.statusCode).toBe(303);
    expect(alone.headers.location).toBe('/admin/b/salon-leto/setup/done');

    const em = emAcrossBusinesses(db.orm);
    const member = await em.findOneOrFail(StaffMemberSchema, { business: business.id }, { populate: ['services'] });
    expect(member.name).toBe('Test outsider');
    expect(member.user?.id).toBe(h.userIds.outsider);
    expect(member.services.getIdentifiers()).toEqual([services[0]!.id]);
    expect(await em.count(WorkingHoursSchema, { staffMember: member.id })).toBe(10);

    const done = await c.get('/admin/b/salon-leto/setup/done');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Step 5 of 5');
    expect(done.body).toContain('href="/admin/b/salon-leto/channels"');
    expect(done.body).toContain('Your business is set up');
    expect(done.body).toContain('Стрижка');
    expect(done.body).toContain('working days a week: 5');

    // Tuesday 2031-03-04 … Monday 2031-03-10: open on weekdays, closed at the weekend.
    const days = await listBookableDays(h.deps.ctx, business.id, { serviceId: services[0]!.id, firstDate: '2031-03-04', days: 7 });
    expect(days.map((d) => [d.date, d.freeSlots > 0])).toEqual([
      ['2031-03-04', true],
      ['2031-03-05', true],
      ['2031-03-06', true],
      ['2031-03-07', true],
      ['2031-03-08', false],
      ['2031-03-09', false],
      ['2031-03-10', true],
    ]);
    const from = Date.parse('2031-03-04T00:00:00+05:00');
    const { slots } = await listAvailability(h.deps.ctx, business.id, { serviceId: services[0]!.id, from, to: from + 24 * 3600_000 });
    const times = slots.map((s) => s.local.time);
    expect(times).toContain('09:00');
    expect(times).toContain('14:00');
    expect(times).not.toContain('13:00');
    expect(slots.every((s) => s.staffIds.includes(member.id))).toBe(true);
  });

  it('refuses a slug another business has: 422 with "taken" next to the slug, the values kept and a free one offered', async () => {
    const c = await h.as('outsider');
    const response = await c.post('/admin/new', step1({ name: 'Typed Name', slug: h.world.business.slug }));
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, 'slug')).toBe('This short name is taken by another business.');
    expect(inputValue(response.body, 'name')).toBe('Typed Name');
    expect(inputValue(response.body, 'slug')).toBe(h.world.business.slug);
    expect(response.body).toContain(`This one is free: ${h.world.business.slug}-2`);
    expect(await emAcrossBusinesses(db.orm).count(BusinessSchema, { name: 'Typed Name' })).toBe(0);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'Pick a time zone from the list.'],
    [{ name: '' }, 'name', 'Enter the business name.'],
    [{ slug: 'Not A Slug!' }, 'slug', 'Use 2–63 letters a–z, digits and dashes, starting with a letter or digit.'],
    [{ currency: 'ABC' }, 'currency', 'Pick a currency from the list.'],
  ])('refuses step 1 with %j: 422 next to the field', async (bad, field, message) => {
    const c = await h.as('outsider');
    const response = await c.post('/admin/new', step1({ name: 'Kept Name', ...bad }));
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, field)).toBe(message);
    if (field !== 'name') expect(inputValue(response.body, 'name')).toBe('Kept Name');
  });

  it('refuses a bad phone or map link on the contact step: 422 next to the field, values kept, nothing saved', async () => {
    const own = await ownBusiness('Contact Check');
    const c = await h.as('outsider');
    const response = await c.post(`/admin/b/${own.slug}/setup/contact`, { address: 'Kept street 5', mapUrl: 'javascript:alert(1)', phone: '12' });
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, 'mapUrl')).toBe('Enter a link starting with https:// or http://.');
    expect(inputValue(response.body, 'address')).toBe('Kept street 5');
    expect(inputValue(response.body, 'mapUrl')).toBe('javascript:alert(1)');
    // The phone is read in the business's phone country, once the link is fixed.
    const phone = await c.post(`/admin/b/${own.slug}/setup/contact`, { address: 'Kept street 5', mapUrl: '', phone: '12' });
    expect(phone.statusCode).toBe(422);
    expect(fieldError(phone.body, 'phone')).toBe('This is not a valid phone number. Add the country code (+…) or check the phone country.');
    expect(inputValue(phone.body, 'phone')).toBe('12');
    expect((await businessBySlug(own.slug)).address).toBe('');
  });

  it('saves the place on the map and a description on the contact step, and refuses a point that is not one', async () => {
    const own = await ownBusiness('About Check');
    const c = await h.as('outsider');
    const bad = await c.post(`/admin/b/${own.slug}/setup/contact`, { address: 'Abay 1', mapUrl: '', phone: '', location: 'near the park', description: 'Nails and brows.' });
    expect(bad.statusCode).toBe(422);
    expect(fieldError(bad.body, 'location')).toBe('Enter coordinates such as 43.2389, 76.8897, or a map link that contains them.');
    expect(inputValue(bad.body, 'location')).toBe('near the park');
    expect(bad.body).toContain('Nails and brows.</textarea>');
    expect((await businessBySlug(own.slug)).description).toBe('');
    const good = await c.post(`/admin/b/${own.slug}/setup/contact`, { address: 'Abay 1', mapUrl: '', phone: '', location: 'https://www.google.com/maps/@43.2389,76.8897,17z', description: 'Nails and brows.\nSecond floor.' });
    expect(good.statusCode).toBe(303);
    expect(await businessBySlug(own.slug)).toMatchObject({ location: '43.23890,76.88970', description: 'Nails and brows.\nSecond floor.' });
    const again = await c.get(`/admin/b/${own.slug}/settings`);
    expect(inputValue(again.body, 'location')).toBe('43.23890,76.88970');
  });

  it('creates a business and saves its contacts without NUL or other control characters (PostgreSQL refuses NUL)', async () => {
    const c = await h.as('outsider');
    const created = await c.post('/admin/new', step1({ name: 'Nul\u0000 Studio\r\n', language: 'en' }));
    expect(created.statusCode).toBe(303);
    const slug = /^\/admin\/b\/([^/]+)\/setup\/contact$/.exec(String(created.headers.location))?.[1] ?? '';
    expect((await businessBySlug(slug)).name).toBe('Nul Studio');
    const contact = await c.post(`/admin/b/${slug}/setup/contact`, { address: 'Abay\u0000 10,\nfloor 2', mapUrl: 'https://osm.org/go/x\u0000y', phone: '' });
    expect(contact.statusCode).toBe(303);
    expect(await businessBySlug(slug)).toMatchObject({ address: 'Abay 10, floor 2', mapUrl: 'https://osm.org/go/xy' });
    const blank = await c.post('/admin/new', step1({ name: '\u0000\u0000' }));
    expect(blank.statusCode).toBe(422);
    expect(fieldError(blank.body, 'name')).toBe('Enter the business name.');
  });

  it('shows service and hours errors next to their fields, with the values kept', async () => {
    const own = await ownBusiness('Errors Studio');
    const c = await h.as('outsider');
    const service = await c.post(`/admin/b/${own.slug}/setup/services`, { then: 'next', name: 'Kept service', durationMinutes: '2', price: '100' });
    expect(service.statusCode).toBe(422);
    expect(fieldError(service.body, 'durationMinutes')).toBeDefined();
    expect(inputValue(service.body, 'name')).toBe('Kept service');
    const staff = await c.post(`/admin/b/${own.slug}/setup/staff`, { then: 'next', who: 'other', name: 'Kept person', ...week, d1: '18:00-09:00' });
    expect(staff.statusCode).toBe(422);
    expect(fieldError(staff.body, 'd1')).toBeDefined();
    expect(inputValue(staff.body, 'd1')).toBe('18:00-09:00');
    expect(inputValue(staff.body, 'name')).toBe('Kept person');
    expect((await getBusinessSetup(h.deps.ctx, own.id)).staff).toEqual([]);
  });

  it('adds someone else with their own hours, and lets every step after the first be skipped', async () => {
    const own = await ownBusiness('Skip Studio');
    const c = await h.as('outsider');
    const contact = await c.get(`/admin/b/${own.slug}/setup/contact`);
    expect(contact.body).toContain(`href="/admin/b/${own.slug}/setup/services"`);
    const skipServices = await c.post(`/admin/b/${own.slug}/setup/services`, { then: 'next', name: '' });
    expect(skipServices.headers.location).toBe(`/admin/b/${own.slug}/setup/staff`);
    const added = await c.post(`/admin/b/${own.slug}/setup/staff`, { then: 'another', who: 'other', name: 'Aida', ...week, d6: '10:00-14:00' });
    expect(added.headers.location).toBe(`/admin/b/${own.slug}/setup/staff?added=1`);
    const setup = await getBusinessSetup(h.deps.ctx, own.id);
    expect(setup.staff).toMatchObject([{ name: 'Aida', userId: null, workingDays: 6, serviceCount: 0 }]);
    const done = await c.get(`/admin/b/${own.slug}/setup/done`);
    expect(done.body).toContain('Customers cannot book yet');
  });

  it('edits step 1 again for a business that exists, following a new slug', async () => {
    const own = await ownBusiness('Rename Me');
    const c = await h.as('outsider');
    const page = await c.get(`/admin/b/${own.slug}/setup`);
    expect(page.statusCode).toBe(200);
    expect(inputValue(page.body, 'slug')).toBe(own.slug);
    const response = await c.post(`/admin/b/${own.slug}/setup`, step1({ name: 'Renamed', slug: `${own.slug}-x`, language: 'en' }));
    expect(response.headers.location).toBe(`/admin/b/${own.slug}-x/setup/contact`);
    expect((await c.get(`/admin/b/${own.slug}-x/setup/contact`)).statusCode).toBe(200);
  });

  it('answers 404 on the set-up steps of a business the user is not a member of', async () => {
    const own = await ownBusiness('Private Studio');
    const owner = await h.as('owner');
    for (const step of ['setup', 'setup/contact', 'setup/services', 'setup/staff', 'setup/done', 'settings']) {
      expect((await owner.get(`/admin/b/${own.slug}/${step}`)).statusCode, step).toBe(404);
    }
    const hijack = await owner.post(`/admin/b/${own.slug}/setup/contact`, { address: 'Hijacked' });
    expect(hijack.statusCode).toBe(404);
    expect((await businessBySlug(own.slug)).address).toBe('');
  });
});

describe('business profile page', () => {
  let c: PanelClient;
  beforeAll(async () => {
    c = await h.as('outsider');
  });

  it('shows the profile and saves it; a new slug moves the page to its new address', async () => {
    const own = await ownBusiness('Profile Studio');
    const page = await c.get(`/admin/b/${own.slug}/settings`);
    expect(page.statusCode).toBe(200);
    expect(inputValue(page.body, 'name')).toBe('Profile Studio');
    const renamed = `${own.slug}-new`;
    const form = { ...step1({ name: 'Profile Studio 2', slug: renamed, language: 'kk', currency: 'EUR' }), address: 'Dostyk 5', mapUrl: 'http://osm.org/go/x', phone: '+7 701 765 43 21' };
    const response = await c.post(`/admin/b/${own.slug}/settings`, form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/admin/b/${renamed}/settings?saved=1`);
    expect((await c.get(response.headers.location as string)).body).toContain('Сақталды.');
    expect(await businessBySlug(renamed)).toMatchObject({ name: 'Profile Studio 2', defaultLocale: 'kk', currency: 'EUR', address: 'Dostyk 5', phone: '+77017654321' });
    expect((await c.get(`/admin/b/${own.slug}/settings`)).statusCode).toBe(404);
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { business: own.id, action: 'business.updated' });
    expect(audit).toMatchObject({ actorId: h.userIds.outsider, details: { changes: { slug: { from: own.slug, to: renamed } } } });
  });

  it('refuses a slug another business has and a currency change while services have prices', async () => {
    const c2 = await h.as('owner');
    const slug = h.world.business.slug;
    const form = { ...step1({ name: 'Kyiv Studio', slug: h.other.business.slug, timeZone: 'Europe/Kyiv', language: 'en', currency: 'EUR', phoneCountry: 'UA' }), address: '', mapUrl: '', phone: '' };
    const response = await c2.post(`/admin/b/${slug}/settings`, form);
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, 'slug')).toBe('This short name is taken by another business.');
    expect(fieldError(response.body, 'currency')).toContain('The currency cannot change while services have prices in it');
    expect(inputValue(response.body, 'slug')).toBe(h.other.business.slug);
    expect((await c2.get(`/admin/b/${slug}/settings`)).body).toContain('prices are never converted');
    expect((await businessBySlug(slug)).currency).toBe('UAH');
  });

  it('refuses a bad zone, phone and map link together, each next to its field', async () => {
    const own = await ownBusiness('Checks Studio');
    const form = { ...step1({ name: 'Checks Studio', slug: own.slug, timeZone: 'Nowhere/Land', language: 'en' }), address: '', mapUrl: 'mailto:x@example.org', phone: '+7 12' };
    const response = await c.post(`/admin/b/${own.slug}/settings`, form);
    expect(response.statusCode).toBe(422);
    expect(fieldError(response.body, 'timeZone')).toBe('Pick a time zone from the list.');
    expect(fieldError(response.body, 'mapUrl')).toBe('Enter a link starting with https:// or http://.');
    expect(fieldError(response.body, 'phone')).toBe('This is not a valid phone number. Add the country code (+…) or check the phone country.');
    expect(inputValue(response.body, 'phone')).toBe('+7 12');
  });

  it('saves a name and an address without NUL or other control characters, and refuses a name of nothing else (422, nothing changed)', async () => {
    const own = await ownBusiness('Control Studio');
    const response = await c.post(`/admin/b/${own.slug}/settings`, { name: 'Control\u0000 Studio\u0007 2', address: 'Dostyk\u0000 5' });
    expect(response.statusCode).toBe(303);
    expect(await businessBySlug(own.slug)).toMatchObject({ name: 'Control Studio 2', address: 'Dostyk 5' });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { business: own.id, action: 'business.updated' });
    expect(audit.details).toMatchObject({ changes: { name: { to: 'Control Studio 2' }, address: { to: 'Dostyk 5' } } });
    const blank = await c.post(`/admin/b/${own.slug}/settings`, { name: '\u0000 ', address: 'Elsewhere' });
    expect(blank.statusCode).toBe(422);
    expect(fieldError(blank.body, 'name')).toBe('Enter the business name.');
    expect(await businessBySlug(own.slug)).toMatchObject({ name: 'Control Studio 2', address: 'Dostyk 5' });
  });
});
