import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEarliestSlot } from '../../src/app/availability/find-earliest-slot.ts';
import { listBookableDays, listBookableDaysAndEarliest } from '../../src/app/availability/list-bookable-days.ts';
import { addTimeOff } from '../../src/app/catalog/add-time-off.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { lastVisit } from '../../src/app/customers/last-visit.ts';
import { StaffMemberSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

// The reads behind picking a time in the chat: which days are full (not closed), the
// earliest free time, and a customer's last visit. Monday 2031-03-03, 08:00 in Kyiv.

let db: TestDatabase;
let w: BookingWorld;
const business = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 5 });
  w = await makeBookingWorld(db.orm, { customers: 2 });
});
afterAll(async () => db.drop());

const book = (staff: number, time: string, dayOffset: number, customer = 1) =>
  createBooking(w.ctx, w.business.id, business, { customerId: w.customers[customer]!, serviceId: w.haircut.id, staffId: w.staff[staff]!.id, startsAt: w.at(time, dayOffset), source: 'admin', force: true });

describe('listBookableDays', () => {
  it('calls a day full when bookings took it, and not when nobody works it', async () => {
    for (let h = 9; h < 18; h += 1) await book(0, `${String(h).padStart(2, '0')}:00`, 1);
    await addTimeOff(w.ctx, w.business.id, business, w.staff[0]!.id, { from: '2031-03-05T00:00', to: '2031-03-06T00:00', reason: 'Holiday' });
    const days = await listBookableDays(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId: w.staff[0]!.id, firstDate: '2031-03-03', days: 4 });
    expect(days.map((d) => [d.date, d.freeSlots > 0, d.full])).toEqual([
      ['2031-03-03', true, false],
      ['2031-03-04', false, true],
      ['2031-03-05', false, false],
      ['2031-03-06', true, false],
    ]);
  });
});

describe('listBookableDaysAndEarliest', () => {
  it('gives the same days as listBookableDays and the same soonest time as findEarliestSlot, from this week or past it', async () => {
    // A business of its own: the other tests here book and take time off in theirs.
    const w = await makeBookingWorld(db.orm, { customers: 2, staff: 3, slug: 'days-and-earliest' });
    const book = (staff: number, time: string, dayOffset: number) =>
      createBooking(w.ctx, w.business.id, business, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[staff]!.id, startsAt: w.at(time, dayOffset), source: 'admin', force: true });
    const query = { serviceId: w.haircut.id, staffId: w.staff[2]!.id, days: 7 };
    for (const firstDate of ['2031-03-03', '2031-03-17']) {
      const both = await listBookableDaysAndEarliest(w.ctx, w.business.id, { ...query, firstDate });
      expect(both.days).toEqual(await listBookableDays(w.ctx, w.business.id, { ...query, firstDate }));
      expect(both.earliest).toEqual(await findEarliestSlot(w.ctx, w.business.id, query));
    }
    // Today and tomorrow booked out for specialist 3: the soonest is the day after, found in the same week's read.
    for (const day of [0, 1]) for (let h = 9; h < 18; h += 1) await book(2, `${String(h).padStart(2, '0')}:00`, day);
    const busy = await listBookableDaysAndEarliest(w.ctx, w.business.id, { ...query, firstDate: '2031-03-03' });
    expect(busy.earliest).toMatchObject({ startsAt: w.at('09:00', 2), assignedStaffId: w.staff[2]!.id });
    expect(busy.earliest).toEqual(await findEarliestSlot(w.ctx, w.business.id, query));
  });
});

describe('findEarliestSlot', () => {
  it('finds the soonest time with who would take it, past a month with none, and null when there is none at all', async () => {
    const anyone = await findEarliestSlot(w.ctx, w.business.id, { serviceId: w.haircut.id });
    expect(anyone).toMatchObject({ startsAt: w.at('09:00', 0) });
    expect(w.staff.map((s) => s.id)).toContain(anyone!.assignedStaffId);

    // Specialist 2 is away for 40 days: their first time is on the 41st, beyond the first month searched.
    await addTimeOff(w.ctx, w.business.id, business, w.staff[1]!.id, { from: '2031-03-03T00:00', to: '2031-04-12T00:00', reason: 'Leave' });
    const away = await findEarliestSlot(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId: w.staff[1]!.id });
    expect(away).toMatchObject({ startsAt: w.at('09:00', 40), assignedStaffId: w.staff[1]!.id });

    // Away past the 60-day horizon: nothing to offer.
    await addTimeOff(w.ctx, w.business.id, business, w.staff[1]!.id, { from: '2031-04-12T00:00', to: '2031-06-01T00:00', reason: 'Leave' });
    expect(await findEarliestSlot(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId: w.staff[1]!.id })).toBeNull();
  });
});

describe('lastVisit', () => {
  it('is the latest visit that has begun, while its specialist still does its service', async () => {
    expect(await lastVisit(w.ctx, w.business.id, w.customers[0]!)).toBeNull();
    await book(0, '12:00', -3, 0);
    await book(1, '12:00', -1, 0);
    await book(0, '15:00', 3, 0);
    expect(await lastVisit(w.ctx, w.business.id, w.customers[0]!)).toEqual({ serviceId: w.haircut.id, serviceName: 'Haircut', staffId: w.staff[1]!.id, staffName: 'Specialist 2' });

    // Specialist 2 stops doing haircuts: "book again" would fail, so there is none to offer.
    const em = emForBusiness(db.orm, w.business.id);
    const member = await em.findOneOrFail(StaffMemberSchema, { id: w.staff[1]!.id }, { populate: ['services'] });
    member.services.remove((s) => s.id === w.haircut.id);
    await em.flush();
    expect(await lastVisit(w.ctx, w.business.id, w.customers[0]!)).toBeNull();
  });
});
