import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getBusinessSetup } from '../../../src/app/catalog/get-business-setup.ts';
import { updateBusinessProfile } from '../../../src/app/catalog/update-business-profile.ts';
import { AuditEntrySchema, BusinessSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { validationIssues } from '../../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;
const actor = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  other = await makeBookingWorld(db.orm);
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const stored = () => emAcrossBusinesses(db.orm).findOneOrFail(BusinessSchema, { id: w.business.id });

describe('updateBusinessProfile', () => {
  it('saves the contact fields, the phone as E.164 in the business phone country, and audits each change', async () => {
    const outcome = await updateBusinessProfile(w.ctx, w.business.id, actor, { address: ' Khreshchatyk 1, Kyiv ', mapUrl: 'https://maps.example.org/?q=1', phone: '067 123 45 67', phoneCountry: 'UA' });
    expect(outcome).toEqual({ kind: 'updated', slug: w.business.slug });
    expect(await stored()).toMatchObject({ address: 'Khreshchatyk 1, Kyiv', mapUrl: 'https://maps.example.org/?q=1', phone: '+380671234567', phoneCountry: 'UA' });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { business: w.business.id, action: 'business.updated' }, { orderBy: { createdAt: 'desc' } });
    expect(audit.details).toMatchObject({ changes: { phone: { from: '', to: '+380671234567' }, phoneCountry: { from: null, to: 'UA' } } });
  });

  it('saves a point on the map from coordinates or a map link holding them, and a description of several lines', async () => {
    const cases: [string, string][] = [
      ['43.2389, 76.8897', '43.23890,76.88970'],
      ['https://www.google.com/maps/place/Salon/@43.238949,76.889709,17z', '43.23895,76.88971'],
      ['https://www.openstreetmap.org/?mlat=50.4501&mlon=30.5234#map=17/50.4501/30.5234', '50.45010,30.52340'],
      ['-33.8688 151.2093', '-33.86880,151.20930'],
      ['', ''],
    ];
    for (const [typed, kept] of cases) {
      expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { location: typed }), typed).toMatchObject({ kind: 'updated' });
      expect((await stored()).location, typed).toBe(kept);
    }
    await updateBusinessProfile(w.ctx, w.business.id, actor, { description: '  Hair and nails since 2012.\nFree parking in the yard.  ' });
    expect((await stored()).description).toBe('Hair and nails since 2012.\nFree parking in the yard.');
  });

  it('refuses a point that is not on the map and a description that is too long, changing nothing', async () => {
    await updateBusinessProfile(w.ctx, w.business.id, actor, { location: '50.45, 30.52', description: 'Kept.' });
    for (const location of ['somewhere in Kyiv', '95.1, 30.5', '50.4, 190.2', '0, 0']) {
      expect(await validationIssues(updateBusinessProfile(w.ctx, w.business.id, actor, { location })), location).toEqual(['location: business_location_invalid']);
    }
    expect(await validationIssues(updateBusinessProfile(w.ctx, w.business.id, actor, { description: 'x'.repeat(501) }))).toEqual(['description: business_description_too_long']);
    expect(await stored()).toMatchObject({ location: '50.45000,30.52000', description: 'Kept.' });
  });

  it('leaves out fields that are not sent, and writes no audit entry when nothing changed', async () => {
    const count = () => emAcrossBusinesses(db.orm).count(AuditEntrySchema, { business: w.business.id, action: 'business.updated' });
    const before = await count();
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { name: w.business.name })).toEqual({ kind: 'updated', slug: w.business.slug });
    expect(await count()).toBe(before);
    expect((await stored()).timeZone).toBe('Europe/Kyiv');
  });

  it('reads a phone without + in the stored phone country when none is sent', async () => {
    await updateBusinessProfile(w.ctx, w.business.id, actor, { phoneCountry: 'KZ' });
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { phone: '8 701 123 45 67' })).toMatchObject({ kind: 'updated' });
    expect((await stored()).phone).toBe('+77011234567');
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { phone: '067 123 45 67' })).toEqual({ kind: 'invalid', errors: { phone: 'business_phone_invalid' } });
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { phone: '' })).toMatchObject({ kind: 'updated' });
    expect((await stored()).phone).toBe('');
  });

  it('renames the slug, and refuses one another business has', async () => {
    const business = await emAcrossBusinesses(db.orm).findOneOrFail(BusinessSchema, { id: w.business.id });
    const renamed = `${business.slug}-new`;
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { slug: renamed })).toEqual({ kind: 'updated', slug: renamed });
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { slug: other.business.slug })).toEqual({ kind: 'invalid', errors: { slug: 'business_slug_taken' } });
    expect((await stored()).slug).toBe(renamed);
    await updateBusinessProfile(w.ctx, w.business.id, actor, { slug: business.slug });
  });

  it('refuses a currency change while services have prices, and never converts them', async () => {
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { currency: 'EUR', name: 'Renamed' })).toEqual({ kind: 'invalid', errors: { currency: 'business_currency_locked' } });
    expect(await stored()).toMatchObject({ currency: 'UAH', name: w.business.name });
    expect(await updateBusinessProfile(w.ctx, w.business.id, actor, { currency: 'uah' })).toMatchObject({ kind: 'updated' });
  });

  it.each([
    [{ mapUrl: 'javascript:alert(1)' }, 'mapUrl: business_map_url_invalid'],
    [{ mapUrl: 'ftp://maps.example.org/x' }, 'mapUrl: business_map_url_invalid'],
    [{ mapUrl: 'not a link' }, 'mapUrl: business_map_url_invalid'],
    [{ phone: '12', phoneCountry: 'UA' }, 'phone: business_phone_invalid'],
    [{ timeZone: 'Europe/Atlantis' }, 'timeZone: business_time_zone_unknown'],
    [{ slug: 'a' }, 'slug: business_slug_format'],
    [{ address: 'x'.repeat(301) }, 'address: business_address_too_long'],
  ])('refuses %j', async (bad, issue) => {
    expect(await validationIssues(updateBusinessProfile(w.ctx, w.business.id, actor, bad))).toEqual([issue]);
  });

  it('shows the phone error together with the others', async () => {
    expect(await validationIssues(updateBusinessProfile(w.ctx, w.business.id, actor, { phone: '12', phoneCountry: 'UA', slug: '-x' }))).toEqual([
      'slug: business_slug_format',
      'phone: business_phone_invalid',
    ]);
  });

  it('reads the set-up back: profile, services and staff with their working days', async () => {
    const setup = await getBusinessSetup(w.ctx, w.business.id);
    expect(setup.profile).toMatchObject({ slug: w.business.slug, timeZone: 'Europe/Kyiv', currency: 'UAH', language: 'en' });
    expect(setup.services.map((s) => s.name)).toEqual(['Consultation', 'Haircut', 'Massage', 'Yoga']);
    expect(setup.staff).toHaveLength(2);
    expect(setup.staff[0]).toMatchObject({ workingDays: 7, serviceCount: 4, userId: null });
  });
});
