import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlotTaken } from '../../src/domain/index.ts';
import { BookingSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { rescheduleBooking } from '../../src/app/booking/reschedule-booking.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

let db: TestDatabase;
let w: BookingWorld;
const business = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 40 });
  w = await makeBookingWorld(db.orm, { customers: 200, staff: 1 });
});
afterAll(async () => db.drop());

/**
 * Pairs of active bookings of one staff member (or one exclusive resource) whose
 * blocked time overlaps, seats of one group session aside — read from the table
 * itself, so it holds whatever the use cases returned.
 */
async function overlappingBookings(): Promise<{ a: string; b: string; owner: string }[]> {
  return db.orm.em.getConnection().execute(
    `select a.id as a, b.id as b, 'staff ' || a.staff_member_id as owner
       from booking a
       join booking b on b.business_id = a.business_id and b.staff_member_id = a.staff_member_id and a.id < b.id
      where a.business_id = ?
        and a.status in ('held', 'pending', 'confirmed') and b.status in ('held', 'pending', 'confirmed')
        and tstzrange(a.blocked_from, a.blocked_until, '[)') && tstzrange(b.blocked_from, b.blocked_until, '[)')
        and coalesce(a.group_session_key, a.id::text) <> coalesce(b.group_session_key, b.id::text)
     union all
     select a.id, b.id, 'resource ' || a.resource_id
       from booking a
       join booking b on b.business_id = a.business_id and b.resource_id = a.resource_id and a.id < b.id
      where a.business_id = ? and not a.resource_shared and not b.resource_shared
        and a.status in ('held', 'pending', 'confirmed') and b.status in ('held', 'pending', 'confirmed')
        and tstzrange(a.blocked_from, a.blocked_until, '[)') && tstzrange(b.blocked_from, b.blocked_until, '[)')
        and coalesce(a.group_session_key, a.id::text) <> coalesce(b.group_session_key, b.id::text)`,
    [w.business.id, w.business.id],
  );
}

describe('bookings racing for the same slots', () => {
  it('200 customers confirming 20 slots: exactly 20 bookings, 180 SlotTaken with alternatives, nothing else', async () => {
    // Slots on day 5, 09:00 … 18:30? The specialist works 09:00–18:00: 9 hourly slots a day,
    // so 20 slots span three days (09:00 … 17:00).
    const slots = Array.from({ length: 20 }, (_, i) => w.at(`${String(9 + (i % 9)).padStart(2, '0')}:00`, 5 + Math.floor(i / 9)));
    const outcomes = await Promise.all(
      w.customers.map(async (customerId, i) => {
        try {
          const held = await holdSlot(w.ctx, w.business.id, {
            customerId,
            serviceId: w.haircut.id,
            staffId: w.staff[0]!.id,
            startsAt: slots[i % 20]!,
            source: 'telegram',
          });
          const confirmed = await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId }, { bookingId: held.id });
          return { kind: 'booked' as const, booking: confirmed };
        } catch (error) {
          if (error instanceof SlotTaken) return { kind: 'taken' as const, error };
          return { kind: 'other' as const, error };
        }
      }),
    );
    const other = outcomes.filter((o) => o.kind === 'other');
    expect(other).toEqual([]);
    const booked = outcomes.flatMap((o) => (o.kind === 'booked' ? [o.booking] : []));
    const taken = outcomes.flatMap((o) => (o.kind === 'taken' ? [o.error] : []));
    expect(booked).toHaveLength(20);
    expect(taken).toHaveLength(180);
    expect(new Set(booked.map((b) => b.startsAt))).toEqual(new Set(slots));
    expect(booked.every((b) => b.status === 'confirmed')).toBe(true);
    expect(taken.every((e) => e.alternatives.length > 0)).toBe(true);

    const stored = await emForBusiness(db.orm, w.business.id).find(BookingSchema, { status: { $in: ['held', 'pending', 'confirmed'] } });
    expect(stored).toHaveLength(20);
    expect(await overlappingBookings()).toEqual([]);
  });

  it('a reschedule racing a new booking for the same slot: one wins, nothing overlaps, nothing half-done', async () => {
    for (let round = 0; round < 8; round += 1) {
      const day = 10 + round;
      const original = await createBooking(w.ctx, w.business.id, business, {
        customerId: w.customers[round]!,
        serviceId: w.haircut.id,
        staffId: w.staff[0]!.id,
        startsAt: w.at('10:00', day),
      });
      const target = w.at('14:00', day);
      const [moved, held] = await Promise.allSettled([
        rescheduleBooking(w.ctx, w.business.id, business, { bookingId: original.id, startsAt: target }),
        holdSlot(w.ctx, w.business.id, { customerId: w.customers[100 + round]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: target, source: 'sms' }),
      ]);
      const winners = [moved, held].filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const loser = [moved, held].find((r) => r.status === 'rejected');
      expect(loser?.status === 'rejected' && loser.reason).toBeInstanceOf(SlotTaken);

      const em = emForBusiness(db.orm, w.business.id);
      const row = await em.findOneOrFail(BookingSchema, { id: original.id });
      const active = await em.find(BookingSchema, { status: { $in: ['held', 'confirmed'] }, startsAt: { $gte: new Date(w.at('00:00', day)), $lt: new Date(w.at('00:00', day + 1)) } });
      if (moved.status === 'fulfilled') {
        expect(row.startsAt.getTime()).toBe(target);
        expect(active.map((b) => b.id)).toEqual([original.id]);
      } else {
        expect(row.startsAt.getTime()).toBe(w.at('10:00', day));
        expect(active.map((b) => b.startsAt.getTime()).sort()).toEqual([w.at('10:00', day), target]);
      }
      expect(await overlappingBookings()).toEqual([]);
    }
  });
});
