import argon2 from 'argon2';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MembershipSchema,
  ResourceSchema,
  ServiceSchema,
  StaffMemberSchema,
  UserSchema,
  WorkingHoursSchema,
} from '../../src/db/entities/index.ts';
import { DEMO_SLUG, seedDemoBusiness } from '../../src/db/seed/demo-business.ts';
import { ensureFirstOwner, GENERATED_PASSWORD_FILE } from '../../src/db/seed/first-owner.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'bookchat-seed-'));
});
afterAll(async () => {
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('demo business seed', () => {
  it('creates a realistic business once', async () => {
    const first = await emAcrossBusinesses(db.orm).transactional((em) => seedDemoBusiness(em));
    expect(first.created).toBe(true);
    expect(first.business.slug).toBe(DEMO_SLUG);

    const em = emForBusiness(db.orm, first.business.id);
    const staff = await em.find(StaffMemberSchema, {}, { populate: ['services'] });
    const services = await em.find(ServiceSchema, {});
    expect(staff).toHaveLength(3);
    expect(services).toHaveLength(5);
    expect(services.every((s) => s.priceMinor > 0 && s.durationMinutes > 0)).toBe(true);
    expect(services.some((s) => s.bufferAfterMinutes > 0)).toBe(true);
    expect(staff.every((s) => s.services.count() > 0)).toBe(true);
    expect(await em.count(ResourceSchema, {})).toBe(1);

    const monday = await em.find(WorkingHoursSchema, { staffMember: staff[0]!.id, weekday: 1 }, { orderBy: { startMinute: 'asc' } });
    expect(monday.map((h) => [h.startMinute, h.endMinute])).toEqual([
      [600, 840],
      [900, 1200],
    ]);
    expect(await em.count(WorkingHoursSchema, { staffMember: staff[0]!.id, weekday: 7 })).toBe(0);

    const again = await emAcrossBusinesses(db.orm).transactional((em2) => seedDemoBusiness(em2));
    expect(again.created).toBe(false);
    expect(again.business.id).toBe(first.business.id);
  });

  it('creates the first owner once, with a generated password kept under DATA_DIR', async () => {
    const business = (await emAcrossBusinesses(db.orm).transactional((em) => seedDemoBusiness(em))).business;
    const outcome = await emAcrossBusinesses(db.orm).transactional((em) =>
      ensureFirstOwner(em, { email: 'owner@example.com', password: undefined }, business, dataDir),
    );
    expect(outcome.kind).toBe('created');
    if (outcome.kind !== 'created') return;
    expect(outcome.generated).toBe(true);
    expect(await readFile(path.join(dataDir, GENERATED_PASSWORD_FILE), 'utf8')).toContain(outcome.password);

    const em = emAcrossBusinesses(db.orm);
    const user = await em.findOneOrFail(UserSchema, { email: 'owner@example.com' });
    expect(user.passwordHash).not.toContain(outcome.password);
    expect(await argon2.verify(user.passwordHash, outcome.password)).toBe(true);
    const membership = await emForBusiness(db.orm, business.id).findOneOrFail(MembershipSchema, { user: user.id });
    expect(membership.role).toBe('owner');

    const second = await emAcrossBusinesses(db.orm).transactional((em2) =>
      ensureFirstOwner(em2, { email: 'other@example.com', password: 'another-password' }, business, dataDir),
    );
    expect(second).toMatchObject({ kind: 'exists', email: 'owner@example.com' });
    expect(await emAcrossBusinesses(db.orm).count(UserSchema, {})).toBe(1);
  });
});
