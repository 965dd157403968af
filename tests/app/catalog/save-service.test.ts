import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getService } from '../../../src/app/catalog/get-service.ts';
import { InvalidField } from '../../../src/app/catalog/invalid-field.ts';
import { listServices } from '../../../src/app/catalog/list-services.ts';
import { saveService, ServiceInput } from '../../../src/app/catalog/save-service.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import type { Actor } from '../../../src/app/shared/use-case-context.ts';
import { AuditEntrySchema, BusinessSchema, ServiceSchema } from '../../../src/db/entities/index.ts';
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

const row = (id: string) => emAcrossBusinesses(db.orm).findOneOrFail(ServiceSchema, { id });
const fieldError = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidField);
  return { field: (error as InvalidField).field, reason: (error as InvalidField).reason };
};

describe('saveService', () => {
  it('creates a service from form strings: price in major units of the business currency, translations, deposit', async () => {
    const before = (await listServices(world.ctx, world.business.id)).length;
    const { id } = await saveService(world.ctx, world.business.id, actor, {
      name: '  Beard trim ',
      description: 'Clippers and a razor',
      name_ru: 'Стрижка бороды',
      description_ru: '',
      name_uk: '',
      description_uk: '',
      durationMinutes: '45',
      price: '8 000,50',
      bufferBeforeMinutes: '',
      bufferAfterMinutes: '10',
      capacity: '1',
      requiresResourceKind: 'Room',
      depositKind: 'percent',
      depositAmount: '30',
      requiresApproval: ['', 'on'],
      active: '',
      position: '',
    });
    const s = await row(id);
    expect(s).toMatchObject({
      name: 'Beard trim',
      description: 'Clippers and a razor',
      translations: { ru: { name: 'Стрижка бороды' } },
      durationMinutes: 45,
      priceMinor: 800050,
      currency: 'UAH',
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      requiresResourceKind: 'room',
      depositKind: 'percent',
      depositValue: 30,
      requiresApproval: true,
      active: false,
    });
    // Placed after the services already there.
    expect(s.position).toBe(before);
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { entityId: id });
    expect(audit).toMatchObject({ action: 'service.created', entityType: 'service' });
  });

  it('takes numbers and booleans from the onboarding wizard, with defaults for what it leaves out', async () => {
    const { id } = await saveService(world.ctx, world.business.id, { kind: 'business', userId: null }, { name: 'Lesson', durationMinutes: 60, price: 12.5 });
    expect(await row(id)).toMatchObject({ priceMinor: 1250, capacity: 1, depositKind: 'none', depositValue: 0, active: true, requiresApproval: false, requiresResourceKind: null, translations: {} });
  });

  it('uses the minor digits of the business currency (none for JPY)', async () => {
    const em = emAcrossBusinesses(db.orm);
    const yen = await makeBookingWorld(db.orm);
    await em.nativeUpdate(BusinessSchema, { id: yen.business.id }, { currency: 'JPY' });
    const { id } = await saveService(yen.ctx, yen.business.id, actor, { name: 'Tea', durationMinutes: 30, price: '1500', depositKind: 'fixed', depositAmount: '500' });
    expect(await row(id)).toMatchObject({ priceMinor: 1500, currency: 'JPY', depositKind: 'fixed', depositValue: 500 });
    expect(await fieldError(saveService(yen.ctx, yen.business.id, actor, { name: 'Tea', durationMinutes: 30, price: '12.5' }))).toEqual({ field: 'price', reason: 'services_amount_too_precise' });
  });

  it('updates a service, keeps what the form leaves blank, and audits which fields changed', async () => {
    const { id } = await saveService(world.ctx, world.business.id, actor, { name: 'Colour', durationMinutes: 90, price: '1500', bufferAfterMinutes: 15, capacity: 2 });
    await saveService(world.ctx, world.business.id, actor, { name: 'Colour', durationMinutes: 120, price: '1500', active: '' }, id);
    expect(await row(id)).toMatchObject({ durationMinutes: 120, bufferAfterMinutes: 15, capacity: 2, active: false });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { entityId: id, action: 'service.updated' });
    expect(audit.details).toMatchObject({ changed: ['durationMinutes', 'active'] });
    const details = await getService(world.ctx, world.business.id, id);
    expect(details).toMatchObject({ id, name: 'Colour', durationMinutes: 120, active: false });
  });

  it('refuses out-of-range numbers with a key per field', () => {
    const parsed = ServiceInput.safeParse({ name: '', durationMinutes: '3', price: 'abc', bufferBeforeMinutes: '800', capacity: '0', depositKind: 'percent', depositAmount: '150' });
    expect(parsed.success).toBe(false);
    const byField = Object.fromEntries((parsed.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byField).toEqual({
      name: 'services_name_required',
      durationMinutes: 'services_duration_range',
      price: 'services_price_invalid',
      bufferBeforeMinutes: 'services_buffer_range',
      capacity: 'services_capacity_range',
      depositAmount: 'services_deposit_percent_range',
    });
    expect(ServiceInput.safeParse({ name: 'x'.repeat(201), durationMinutes: '', price: '' }).error?.issues.map((i) => i.message)).toEqual([
      'services_name_too_long',
      'required',
      'required',
    ]);
  });

  it('refuses a resource kind the business does not have, and a fixed deposit above the price', async () => {
    const base = { name: 'Sauna', durationMinutes: 60, price: '100' };
    expect(await fieldError(saveService(world.ctx, world.business.id, actor, { ...base, requiresResourceKind: 'sauna' }))).toEqual({ field: 'requiresResourceKind', reason: 'services_resource_kind_unknown' });
    expect(await fieldError(saveService(world.ctx, world.business.id, actor, { ...base, depositKind: 'fixed', depositAmount: '150' }))).toEqual({ field: 'depositAmount', reason: 'services_deposit_above_price' });
    await expect(saveService(world.ctx, world.business.id, actor, { ...base, depositKind: 'fixed', depositAmount: '0' })).rejects.toBeInstanceOf(ZodError);
  });

  it("treats another business's service as not found, and leaves it alone", async () => {
    await expect(saveService(world.ctx, world.business.id, actor, { name: 'Hijack', durationMinutes: 30, price: '1' }, other.haircut.id)).rejects.toBeInstanceOf(NotFound);
    await expect(saveService(world.ctx, world.business.id, actor, { name: 'Hijack', durationMinutes: 30, price: '1' }, 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
    await expect(getService(world.ctx, world.business.id, other.haircut.id)).rejects.toBeInstanceOf(NotFound);
    expect((await row(other.haircut.id)).name).toBe('Haircut');
  });

  it('lists every service of the business, hidden ones included, and none of another', async () => {
    const { id } = await saveService(world.ctx, world.business.id, actor, { name: 'Hidden one', durationMinutes: 30, price: '1', active: false });
    const rows = await listServices(world.ctx, world.business.id);
    expect(rows.map((r) => r.id)).toContain(id);
    expect(rows.map((r) => r.id)).not.toContain(other.haircut.id);
    // The world's services all sit at position 0: by name.
    expect(rows.slice(0, 4).map((r) => r.name)).toEqual(['Consultation', 'Haircut', 'Massage', 'Yoga']);
  });
});
