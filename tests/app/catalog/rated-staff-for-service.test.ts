import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { recordReview } from '../../../src/app/reviews/record-review.ts';
import { ratedStaffForService } from '../../../src/app/catalog/staff-for-service.ts';
import { ServiceSchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The team the specialist step shows with its ratings: one query for a service's whole team.
let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

/** A visit of `staff` on `day` (09:00), reviewed with `rating` after it. */
async function reviewed(world: BookingWorld, staff: number, day: number, rating: number): Promise<void> {
  const b = await createBooking(world.ctx, world.business.id, owner, { customerId: world.customers[0]!, serviceId: world.haircut.id, staffId: world.staff[staff]!.id, startsAt: world.at('09:00', day) });
  world.clock.set(world.at('11:00', day));
  await recordReview(world.ctx, world.business.id, { customerId: world.customers[0]!, bookingId: b.id, rating });
  world.clock.reset();
}

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1, staff: 3 });
  other = await makeBookingWorld(db.orm, { customers: 1 });
  await reviewed(w, 0, 2, 5);
  await reviewed(w, 0, 3, 4);
  await reviewed(w, 0, 4, 4);
  await reviewed(w, 2, 2, 3);
  // Another business's specialist: never counted here.
  await reviewed(other, 0, 2, 1);
});
afterAll(async () => db.drop());

/** Each listed specialist's rating by id, for a business's service. */
async function ratings(world: BookingWorld, businessId: string, serviceId: string) {
  return Object.fromEntries((await ratedStaffForService(world.ctx, businessId, serviceId)).map((s) => [s.id, s.rating]));
}

describe('ratedStaffForService', () => {
  it('gives the average and the count of each reviewed specialist who does the service; the unreviewed have none', async () => {
    const team = await ratedStaffForService(w.ctx, w.business.id, w.haircut.id);
    expect(team.map((s) => s.name)).toEqual(['Specialist 1', 'Specialist 2', 'Specialist 3']);
    expect(await ratings(w, w.business.id, w.haircut.id)).toEqual({
      [w.staff[0]!.id]: { average: 13 / 3, reviews: 3 },
      [w.staff[1]!.id]: null,
      [w.staff[2]!.id]: { average: 3, reviews: 1 },
    });
  });

  it('counts reviews of any service (people rate the person), but lists only who does this one', async () => {
    const em = emForBusiness(db.orm, w.business.id);
    const yogaTeacher = await em.findOneOrFail(StaffMemberSchema, { id: w.staff[2]!.id }, { populate: ['services'] });
    yogaTeacher.services.remove(em.getReference(ServiceSchema, w.yoga.id));
    await em.flush();
    expect(await ratings(w, w.business.id, w.yoga.id)).toEqual({ [w.staff[0]!.id]: { average: 13 / 3, reviews: 3 }, [w.staff[1]!.id]: null });
  });

  it("finds nothing for another business's service", async () => {
    expect(await ratings(w, w.business.id, other.haircut.id)).toEqual({});
    expect((await ratings(other, other.business.id, other.haircut.id))[other.staff[0]!.id]).toEqual({ average: 1, reviews: 1 });
  });
});
