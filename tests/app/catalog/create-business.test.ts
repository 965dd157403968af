import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../../src/app/catalog/create-business.ts';
import { AuditEntrySchema, BusinessSchema, MembershipSchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { validationIssues } from '../../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
let userId: string;

const input = (extra: Record<string, unknown> = {}) => ({ name: 'Салон Лето', timeZone: 'Asia/Almaty', language: 'ru', currency: 'KZT', phoneCountry: 'KZ', ...extra });

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  const em = emAcrossBusinesses(db.orm);
  const user = em.create(UserSchema, { email: 'founder@example.com', name: 'Founder', passwordHash: 'x' });
  await em.flush();
  userId = user.id;
});
afterAll(async () => db.drop());

describe('createBusiness', () => {
  it('creates the business with its settings, makes the user its owner and audits it', async () => {
    const outcome = await createBusiness(w.ctx, userId, input({ slug: 'leto', currency: 'kzt', phoneCountry: 'kz', timeZone: 'asia/almaty' }));
    expect(outcome).toEqual({ kind: 'created', businessId: expect.any(String), slug: 'leto' });
    if (outcome.kind !== 'created') return;
    const em = emAcrossBusinesses(db.orm);
    const business = await em.findOneOrFail(BusinessSchema, { id: outcome.businessId });
    expect(business).toMatchObject({ name: 'Салон Лето', slug: 'leto', timeZone: 'Asia/Almaty', defaultLocale: 'ru', currency: 'KZT', phoneCountry: 'KZ' });
    const membership = await em.findOneOrFail(MembershipSchema, { business: outcome.businessId });
    expect(membership.user.id).toBe(userId);
    expect(membership.role).toBe('owner');
    const audit = await em.findOneOrFail(AuditEntrySchema, { business: outcome.businessId, action: 'business.created' });
    expect(audit).toMatchObject({ actorKind: 'user', actorId: userId, entityType: 'business', entityId: outcome.businessId });
    expect(audit.createdAt.getTime()).toBe(w.clock.now());
  });

  it('makes the slug from the name when none is typed, numbering it when taken', async () => {
    const first = await createBusiness(w.ctx, userId, input({ name: 'Гарна Їжа', language: 'uk' }));
    const second = await createBusiness(w.ctx, userId, input({ name: 'Гарна Їжа', slug: '  ', language: 'uk' }));
    expect(first).toMatchObject({ kind: 'created', slug: 'harna-yizha' });
    expect(second).toMatchObject({ kind: 'created', slug: 'harna-yizha-2' });
  });

  it('refuses a typed slug another business has, offering a free one, and creates nothing', async () => {
    const before = await emAcrossBusinesses(db.orm).count(BusinessSchema, {});
    const outcome = await createBusiness(w.ctx, userId, input({ slug: w.business.slug }));
    expect(outcome).toEqual({ kind: 'slug_taken', suggestion: `${w.business.slug}-2` });
    expect(await emAcrossBusinesses(db.orm).count(BusinessSchema, {})).toBe(before);
  });

  it.each([
    [{ name: '' }, 'name: business_name_required'],
    [{ name: 'x'.repeat(201) }, 'name: business_name_too_long'],
    [{ slug: '-bad' }, 'slug: business_slug_format'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone: business_time_zone_unknown'],
    [{ timeZone: '+05:00' }, 'timeZone: business_time_zone_unknown'],
    [{ language: 'de' }, 'language: business_language_unknown'],
    [{ currency: 'XYZ' }, 'currency: business_currency_unknown'],
    [{ currency: 'TENGE' }, 'currency: business_currency_unknown'],
    [{ phoneCountry: 'QQ' }, 'phoneCountry: business_phone_country_unknown'],
  ])('refuses %j', async (bad, issue) => {
    expect(await validationIssues(createBusiness(w.ctx, userId, input(bad)))).toEqual([issue]);
  });

  it('accepts every zone it offers, including renamed ones', async () => {
    const outcome = await createBusiness(w.ctx, userId, input({ name: 'Kyiv Nails', timeZone: 'Europe/Kyiv', currency: 'UAH', phoneCountry: 'UA', language: 'uk' }));
    expect(outcome).toMatchObject({ kind: 'created', slug: 'kyiv-nails' });
  });
});
