import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPromoCode } from '../../../src/app/catalog/get-promo-code.ts';
import { InvalidField } from '../../../src/app/catalog/invalid-field.ts';
import { listPromoCodes } from '../../../src/app/catalog/list-promo-codes.ts';
import { PromoCodeInput, savePromoCode } from '../../../src/app/catalog/save-promo-code.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import type { Actor } from '../../../src/app/shared/use-case-context.ts';
import { AuditEntrySchema, BookingSchema, PromoCodeSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let world: BookingWorld;
let other: BookingWorld;
const actor: Actor = { kind: 'business', userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  world = await makeBookingWorld(db.orm);
  other = await makeBookingWorld(db.orm);
});
afterAll(async () => {
  await db?.drop();
});

const row = (id: string) => emAcrossBusinesses(db.orm).findOneOrFail(PromoCodeSchema, { id });
const fieldError = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidField);
  return { field: (error as InvalidField).field, reason: (error as InvalidField).reason };
};

describe('savePromoCode', () => {
  it('creates a percent code: upper-cased, local days in the business zone with the last one included, limited to services', async () => {
    const { id } = await savePromoCode(world.ctx, world.business.id, actor, {
      code: ' spring-10 ',
      discountKind: 'percent',
      discountAmount: '12,5',
      validFrom: '2031-03-01',
      validUntil: '2031-03-31',
      maxUses: '100',
      maxUsesPerCustomer: '',
      serviceIds: [world.yoga.id, world.haircut.id, world.yoga.id],
      active: ['', 'on'],
    });
    expect(await row(id)).toMatchObject({
      code: 'SPRING-10',
      discountKind: 'percent',
      discountValue: 1250,
      // Kyiv: UTC+2 on 1 March, UTC+3 from 30 March (summer time).
      validFrom: new Date('2031-02-28T22:00:00Z'),
      validUntil: new Date('2031-03-31T21:00:00Z'),
      maxUses: 100,
      maxUsesPerCustomer: null,
      serviceIds: [world.haircut.id, world.yoga.id].sort(),
      active: true,
    });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { entityId: id });
    expect(audit).toMatchObject({ action: 'promo_code.created', entityType: 'promo_code', details: { code: 'SPRING-10' } });
  });

  it('creates a fixed code in major units of the business currency, for every service', async () => {
    const { id } = await savePromoCode(world.ctx, world.business.id, actor, { code: 'minus50', discountKind: 'fixed', discountAmount: '50.5' });
    expect(await row(id)).toMatchObject({ code: 'MINUS50', discountKind: 'fixed', discountValue: 5050, serviceIds: null, validFrom: null, validUntil: null, active: true });
  });

  it('refuses a code the business already has (another business may have it too)', async () => {
    await savePromoCode(world.ctx, world.business.id, actor, { code: 'TAKEN', discountKind: 'percent', discountAmount: 10 });
    expect(await fieldError(savePromoCode(world.ctx, world.business.id, actor, { code: 'taken', discountKind: 'fixed', discountAmount: 5 }))).toEqual({ field: 'code', reason: 'promo_codes_taken' });
    await expect(savePromoCode(other.ctx, other.business.id, actor, { code: 'TAKEN', discountKind: 'percent', discountAmount: 10 })).resolves.toHaveProperty('id');
  });

  it('updates a code (keeping its own code is fine), and audits the change', async () => {
    const { id } = await savePromoCode(world.ctx, world.business.id, actor, { code: 'EDIT-ME', discountKind: 'percent', discountAmount: 5 });
    await savePromoCode(world.ctx, world.business.id, actor, { code: 'EDIT-ME', discountKind: 'percent', discountAmount: 7, active: '' }, id);
    expect(await row(id)).toMatchObject({ discountValue: 700, active: false });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { entityId: id, action: 'promo_code.updated' });
    expect(audit.details).toMatchObject({ code: 'EDIT-ME', changed: ['discountValue', 'active'] });
  });

  it("refuses another business's services, and treats its codes as not found", async () => {
    expect(await fieldError(savePromoCode(world.ctx, world.business.id, actor, { code: 'THEIRS', discountKind: 'percent', discountAmount: 5, serviceIds: [other.haircut.id] }))).toEqual({
      field: 'serviceIds',
      reason: 'promo_codes_service_unknown',
    });
    const { id } = await savePromoCode(other.ctx, other.business.id, actor, { code: 'OTHERS', discountKind: 'percent', discountAmount: 5 });
    await expect(savePromoCode(world.ctx, world.business.id, actor, { code: 'OTHERS', discountKind: 'percent', discountAmount: 50 }, id)).rejects.toBeInstanceOf(NotFound);
    await expect(getPromoCode(world.ctx, world.business.id, id)).rejects.toBeInstanceOf(NotFound);
    expect((await row(id)).discountValue).toBe(500);
  });

  it('checks each field with a key of its own', () => {
    const byField = (raw: unknown) => Object.fromEntries((PromoCodeInput.safeParse(raw).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byField({ code: 'a b', discountKind: 'percent', discountAmount: '150', validFrom: '2031-04-01', validUntil: '2031-03-01', maxUses: '0' })).toEqual({
      code: 'promo_codes_format',
      discountAmount: 'promo_codes_percent_range',
      validUntil: 'promo_codes_dates_order',
      maxUses: 'promo_codes_max_uses_range',
    });
    expect(byField({ code: 'OK1', discountKind: 'fixed', discountAmount: 'ten', validFrom: '1st of May' })).toEqual({ discountAmount: 'promo_codes_amount_invalid', validFrom: 'promo_codes_date_invalid' });
    expect(byField({ code: 'OK1', discountKind: 'percent', discountAmount: '12.345' })).toEqual({ discountAmount: 'promo_codes_percent_range' });
  });

  it('counts the uses of each code: its bookings that are not cancelled', async () => {
    const { id } = await savePromoCode(world.ctx, world.business.id, actor, { code: 'COUNTED', discountKind: 'percent', discountAmount: 10 });
    const em = emAcrossBusinesses(db.orm).fork();
    const booking = (status: 'confirmed' | 'cancelled', hour: number) =>
      em.create(BookingSchema, {
        business: world.business.id,
        service: world.haircut.id,
        staffMember: world.staff[0]!.id,
        customer: world.customers[0]!,
        startsAt: new Date(world.at(`${hour}:00`)),
        endsAt: new Date(world.at(`${hour + 1}:00`)),
        blockedFrom: new Date(world.at(`${hour}:00`)),
        blockedUntil: new Date(world.at(`${hour + 1}:00`)),
        status,
        promoCode: id,
        priceMinor: 60000,
        currency: 'UAH',
        source: 'admin',
      });
    booking('confirmed', 10);
    booking('confirmed', 12);
    booking('cancelled', 14);
    await em.flush();
    const listed = await listPromoCodes(world.ctx, world.business.id);
    expect(listed.find((p) => p.id === id)?.uses).toBe(2);
    expect(listed.find((p) => p.code === 'TAKEN')?.uses ?? 0).toBe(0);
    expect((await getPromoCode(world.ctx, world.business.id, id)).uses).toBe(2);
    expect(listed.map((p) => p.code)).not.toContain('OTHERS');
  });
});
