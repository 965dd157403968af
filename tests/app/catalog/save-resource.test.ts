import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getResource } from '../../../src/app/catalog/get-resource.ts';
import { InvalidField } from '../../../src/app/catalog/invalid-field.ts';
import { listResources } from '../../../src/app/catalog/list-resources.ts';
import { ResourceInput, saveResource } from '../../../src/app/catalog/save-resource.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import type { Actor } from '../../../src/app/shared/use-case-context.ts';
import { AuditEntrySchema, ResourceSchema } from '../../../src/db/entities/index.ts';
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

const row = (id: string) => emAcrossBusinesses(db.orm).findOneOrFail(ResourceSchema, { id });

describe('saveResource', () => {
  it('creates a resource with its kind lower-cased, audited', async () => {
    const { id } = await saveResource(world.ctx, world.business.id, actor, { name: ' Big room ', kind: ' Room ', capacity: '4', status: 'available', maintenanceNote: 'ignored', maintenanceUntil: '' });
    expect(await row(id)).toMatchObject({ name: 'Big room', kind: 'room', capacity: 4, status: 'available', maintenanceNote: '', maintenanceUntil: null });
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { entityId: id });
    expect(audit).toMatchObject({ action: 'resource.created', entityType: 'resource', details: { name: 'Big room', kind: 'room' } });
  });

  it('puts a resource in maintenance until a local time in the business zone (stored in UTC)', async () => {
    const { id } = await saveResource(world.ctx, world.business.id, actor, { name: 'Chair 2', kind: 'chair', capacity: 1 });
    await saveResource(world.ctx, world.business.id, actor, { name: 'Chair 2', kind: 'chair', capacity: 1, status: 'maintenance', maintenanceNote: 'New upholstery', maintenanceUntil: '2031-03-05T18:00' }, id);
    // Kyiv is UTC+2 in early March.
    expect(await row(id)).toMatchObject({ status: 'maintenance', maintenanceNote: 'New upholstery', maintenanceUntil: new Date('2031-03-05T16:00:00Z') });
    expect((await getResource(world.ctx, world.business.id, id)).maintenanceUntil).toEqual(new Date('2031-03-05T16:00:00Z'));
    const audit = await emAcrossBusinesses(db.orm).findOneOrFail(AuditEntrySchema, { entityId: id, action: 'resource.updated' });
    expect(audit.details).toMatchObject({ changed: ['status', 'maintenanceNote', 'maintenanceUntil'] });
    // Back in service: the note and the date go.
    await saveResource(world.ctx, world.business.id, actor, { name: 'Chair 2', kind: 'chair', capacity: 1, status: 'available', maintenanceNote: 'New upholstery', maintenanceUntil: '2031-03-05T18:00' }, id);
    expect(await row(id)).toMatchObject({ status: 'available', maintenanceNote: '', maintenanceUntil: null });
  });

  it('refuses a maintenance end in the past, and impossible dates', async () => {
    const base = { name: 'Sauna', kind: 'sauna', capacity: 1, status: 'maintenance' };
    const past = await saveResource(world.ctx, world.business.id, actor, { ...base, maintenanceUntil: '2031-03-03T07:00' }).catch((e: unknown) => e);
    expect(past).toBeInstanceOf(InvalidField);
    expect(past).toMatchObject({ field: 'maintenanceUntil', reason: 'resources_until_past' });
    const impossible = await saveResource(world.ctx, world.business.id, actor, { ...base, maintenanceUntil: '2031-02-30T10:00' }).catch((e: unknown) => e);
    expect(impossible).toMatchObject({ field: 'maintenanceUntil', reason: 'resources_until_invalid' });
  });

  it('checks each field with a key of its own', () => {
    const parsed = ResourceInput.safeParse({ name: '', kind: 'Big Room!', capacity: '0', status: 'broken', maintenanceUntil: 'tomorrow' });
    const byField = Object.fromEntries((parsed.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byField).toEqual({ name: 'resources_name_required', kind: 'resources_kind_invalid', capacity: 'resources_capacity_range', status: 'invalid', maintenanceUntil: 'resources_until_invalid' });
    expect(ResourceInput.safeParse({ name: 'x', kind: '', capacity: '1' }).error?.issues.map((i) => i.message)).toEqual(['resources_kind_required']);
  });

  it("treats another business's resource as not found", async () => {
    const [theirs] = await listResources(other.ctx, other.business.id);
    await expect(saveResource(world.ctx, world.business.id, actor, { name: 'Mine', kind: 'room', capacity: 1 }, theirs!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(getResource(world.ctx, world.business.id, theirs!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(saveResource(world.ctx, world.business.id, actor, { name: 'x', kind: 'room', capacity: 'many' })).rejects.toBeInstanceOf(ZodError);
    expect((await row(theirs!.id)).name).toBe('Room');
    expect((await listResources(world.ctx, world.business.id)).map((r) => r.id)).not.toContain(theirs!.id);
  });
});
