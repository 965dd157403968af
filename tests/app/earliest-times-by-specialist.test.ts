import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earliestTimesBySpecialist } from '../../src/app/availability/earliest-times-by-specialist.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { ServiceSchema, StaffMemberSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The soonest free time of each specialist of a service, for the specialist step: the
// whole team from the same loads, however many people it has.
// The world's clock starts on Monday 2031-03-03 at 08:00 in Kyiv; staff work 09:00–18:00.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

async function fillDays(staff: number, fromDay: number, toDay: number): Promise<void> {
  for (let day = fromDay; day <= toDay; day += 1) {
    for (let h = 9; h < 18; h += 1) {
      const startsAt = w.at(`${String(h).padStart(2, '0')}:00`, day);
      await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[staff]!.id, startsAt, source: 'admin', force: true });
    }
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1, staff: 4 });
  await fillDays(1, 0, 0);
  // Booked out for more than the first two weeks: found in a later load.
  await fillDays(2, 0, 15);
  // Specialist 4 does not do yoga.
  const em = emForBusiness(db.orm, w.business.id);
  const member = await em.findOneOrFail(StaffMemberSchema, { id: w.staff[3]!.id }, { populate: ['services'] });
  member.services.remove(em.getReference(ServiceSchema, w.yoga.id));
  await em.flush();
});
afterAll(async () => db.drop());

describe('earliestTimesBySpecialist', () => {
  it("gives each specialist's own soonest free start, after the notice and past their full days", async () => {
    const times = await earliestTimesBySpecialist(w.ctx, w.business.id, { serviceId: w.haircut.id });
    expect(Object.fromEntries(times)).toEqual({
      [w.staff[0]!.id]: w.at('09:00', 0),
      [w.staff[1]!.id]: w.at('09:00', 1),
      [w.staff[2]!.id]: w.at('09:00', 16),
      [w.staff[3]!.id]: w.at('09:00', 0),
    });
  });

  it('lists only the active specialists who do the service', async () => {
    const yoga = await earliestTimesBySpecialist(w.ctx, w.business.id, { serviceId: w.yoga.id });
    expect([...yoga.keys()].sort()).toEqual([w.staff[0]!.id, w.staff[1]!.id, w.staff[2]!.id].sort());
    // Someone who stopped working here has no time at all.
    const em = emForBusiness(db.orm, w.business.id);
    await em.nativeUpdate(StaffMemberSchema, { id: w.staff[0]!.id }, { active: false });
    try {
      expect((await earliestTimesBySpecialist(w.ctx, w.business.id, { serviceId: w.haircut.id })).has(w.staff[0]!.id)).toBe(false);
    } finally {
      await em.nativeUpdate(StaffMemberSchema, { id: w.staff[0]!.id }, { active: true });
    }
  });
});
