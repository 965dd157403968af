import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, DateOverrideSchema, StaffMemberSchema, TimeOffSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { listAvailability } from '../../src/app/availability/list-availability.ts';
import { listBookableDays } from '../../src/app/availability/list-bookable-days.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { validationIssues } from '../support/validation-issues.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 4 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const slotsOn = async (day: number, staffId: string | null = null) =>
  (await listAvailability(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId, from: w.at('00:00', day), to: w.at('23:59', day) })).slots;

describe('list availability through PostgreSQL', () => {
  it('offers every half hour 09:00–17:00 on an empty day, with both specialists, labelled in local time', async () => {
    const slots = await slotsOn(1);
    expect(slots.map((s) => s.local.time)).toEqual(
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00'],
    );
    expect(slots.every((s) => s.staffIds.length === 2 && s.local.date === '2031-03-04')).toBe(true);
  });

  it('removes booked time, and spreads "anyone" bookings to the specialist with fewer that day', async () => {
    const first = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('10:00', 2) });
    const second = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('12:00', 2) });
    expect(second.staffId).not.toBe(first.staffId);
    const slots = await slotsOn(2, first.staffId);
    expect(slots.map((s) => s.local.time)).not.toContain('10:00');
    expect(slots.map((s) => s.local.time)).not.toContain('09:30');
    expect(slots.map((s) => s.local.time)).toContain('11:00');
  });

  it('honours a daily cap, time off and a business holiday', async () => {
    const em = emForBusiness(db.orm, w.business.id);
    const capped = await em.findOneOrFail(StaffMemberSchema, { id: w.staff[0]!.id });
    capped.dailyBookingCap = 1;
    em.create(TimeOffSchema, { business: w.business.id, staffMember: w.staff[1]!.id, startsAt: new Date(w.at('00:00', 3)), endsAt: new Date(w.at('13:00', 3)) });
    em.create(DateOverrideSchema, { business: w.business.id, staffMember: null, date: '2031-03-09', intervals: [] });
    await em.flush();
    try {
      await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('09:00', 3) });
      const day3 = await slotsOn(3);
      expect(day3.every((s) => s.staffIds.length === 1 && s.staffIds[0] === w.staff[1]!.id)).toBe(true);
      expect(day3[0]!.local.time).toBe('13:00');
      await expect(
        holdSlot(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('15:00', 3), source: 'sms' }),
      ).rejects.toMatchObject({ code: 'slot_taken' });

      expect(await slotsOn(6)).toEqual([]);
      const days = await listBookableDays(w.ctx, w.business.id, { serviceId: w.haircut.id, firstDate: '2031-03-08', days: 3 });
      expect(days.map((d) => [d.date, d.freeSlots > 0])).toEqual([
        ['2031-03-08', true],
        ['2031-03-09', false],
        ['2031-03-10', true],
      ]);
    } finally {
      // The cap is this test's alone, even when it fails.
      capped.dailyBookingCap = null;
      await em.flush();
    }
  });

  it('ignores expired holds and counts live ones', async () => {
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00', 4), source: 'telegram' });
    expect((await slotsOn(4, w.staff[0]!.id)).map((s) => s.local.time)).not.toContain('11:00');
    w.clock.advanceMinutes(11);
    expect((await slotsOn(4, w.staff[0]!.id)).map((s) => s.local.time)).toContain('11:00');
    // Listing only looks past the lapsed hold: releasing it is the sweep's work.
    expect((await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: held.id })).status).toBe('held');
  });

  it.each([
    ['inverted', 2, '09:00'],
    ['longer than 62 days', 70, '10:00'],
  ] as const)('rejects a range that is %s', async (_case, toDay, toTime) => {
    const query = listAvailability(w.ctx, w.business.id, { serviceId: w.haircut.id, from: w.at('10:00', 2), to: w.at(toTime, toDay) });
    expect(await validationIssues(query)).toEqual([': range must be positive and at most 62 days']);
  });
});
