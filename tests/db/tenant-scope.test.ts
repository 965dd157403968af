import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, type Business } from '../../src/db/entities/index.ts';
import { TENANT_FILTER } from '../../src/db/orm-config.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { draftBooking, makeBusiness, makeCatalogue } from '../support/fixtures.ts';

let db: TestDatabase;
let salon: Business;
let clinic: Business;
const ids: Record<string, { staff: string; service: string; customer: string }> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  salon = await makeBusiness(em, { name: 'Salon' });
  clinic = await makeBusiness(em, { name: 'Clinic' });
  for (const business of [salon, clinic]) {
    const { staff, service, customer } = await makeCatalogue(em, business);
    draftBooking(em, { business, service, staff, customer, at: new Date(Date.UTC(2031, 5, 1, 9)) });
    ids[business.id] = { staff: staff.id, service: service.id, customer: customer.id };
  }
  await em.flush();
});
afterAll(async () => db.drop());

describe('tenant scoping', () => {
  type Loader = (em: EntityManager) => Promise<{ business: { id: string } }[]>;
  it.each<[string, Loader]>([
    ['staff members', (em) => em.find(StaffMemberSchema, {})],
    ['services', (em) => em.find(ServiceSchema, {})],
    ['customers', (em) => em.find(CustomerSchema, {})],
    ['bookings', (em) => em.find(BookingSchema, {})],
  ])('a business sees only its own %s', async (_label, load) => {
    const salonRows = await load(emForBusiness(db.orm, salon.id));
    const clinicRows = await load(emForBusiness(db.orm, clinic.id));
    expect(salonRows.length).toBeGreaterThan(0);
    expect(clinicRows.length).toBeGreaterThan(0);
    expect(salonRows.every((row) => row.business.id === salon.id)).toBe(true);
    expect(clinicRows.every((row) => row.business.id === clinic.id)).toBe(true);
  });

  it("cannot load another business's row even by its id", async () => {
    const clinicStaffId = ids[clinic.id]!.staff;
    const em = emForBusiness(db.orm, salon.id);
    expect(await em.findOne(StaffMemberSchema, { id: clinicStaffId })).toBeNull();
    expect(await emForBusiness(db.orm, clinic.id).findOne(StaffMemberSchema, { id: clinicStaffId })).not.toBeNull();
  });

  it("cannot change another business's rows with a bulk update", async () => {
    const em = emForBusiness(db.orm, salon.id);
    const changed = await em.nativeUpdate(CustomerSchema, {}, { notes: 'touched' });
    expect(changed).toBe(1);
    const clinicCustomer = await emForBusiness(db.orm, clinic.id).findOneOrFail(CustomerSchema, { id: ids[clinic.id]!.customer });
    expect(clinicCustomer.notes).toBe('');
  });

  it('refuses a tenant query with no business chosen', async () => {
    await expect(db.orm.em.fork().find(BookingSchema, {})).rejects.toThrow(`No arguments provided for filter '${TENANT_FILTER}'`);
  });

  it('spans businesses only when asked to by name', async () => {
    const all = await emAcrossBusinesses(db.orm).find(StaffMemberSchema, {});
    expect(new Set(all.map((s) => s.business.id))).toEqual(new Set([salon.id, clinic.id]));
    expect(await emAcrossBusinesses(db.orm).count(BusinessSchema, {})).toBe(2);
  });
});
