import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookSeries } from '../../src/app/booking/book-series.ts';
import { cancelSeries } from '../../src/app/booking/cancel-series.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { placeNewBooking } from '../../src/app/booking/place-new-booking.ts';
import { previewSeries } from '../../src/app/booking/preview-series.ts';
import { InvalidRequest } from '../../src/app/shared/app-errors.ts';
import { BookingSchema, OutboxMessageSchema, ServiceSchema, StaffMemberSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A weekly visit booked once and repeated: each visit its own booking, linked by a
// series id, placed like any booking; a taken date is named with the nearest free
// times instead of failing the series.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 12 });
  w = await makeBookingWorld(db.orm, { customers: 6 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
const rows = (seriesId: string) => em().find(BookingSchema, { seriesId }, { orderBy: { startsAt: 'asc' } });

/** A confirmed haircut with the first specialist, booked by customer `i` through a hold. */
async function booked(i: number, startsAt: number, serviceId = w.haircut.id) {
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId, staffId: w.staff[0]!.id, startsAt, source: 'telegram' });
  return confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[i]! }, { bookingId: held.id });
}

/** Someone else takes the first specialist at `startsAt`. */
const takenBySomeoneElse = (startsAt: number) =>
  createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[5]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt });

describe('a weekly series', () => {
  it('of 4 with one date taken books 3, names the taken one with the nearest free times, and links them all', async () => {
    const first = await booked(0, w.at('10:00', 1));
    await takenBySomeoneElse(w.at('10:00', 15));
    const request = { bookingId: first.id, everyWeeks: 1 as const, count: 4 };

    const preview = await previewSeries(w.ctx, w.business.id, w.customers[0]!, request);
    expect(preview.map((v) => [v.index, v.startsAt, v.free])).toEqual([
      [1, w.at('10:00', 8), true],
      [2, w.at('10:00', 15), false],
      [3, w.at('10:00', 22), true],
      [4, w.at('10:00', 29), true],
    ]);
    // Same day first, nearest first: 09:00 and 11:00 either side of the taken 10:00, then 11:30 (times step by 30 minutes).
    expect(preview[1]).toMatchObject({ reason: 'taken', alternatives: [w.at('09:00', 15), w.at('11:00', 15), w.at('11:30', 15)] });

    const result = await bookSeries(w.ctx, w.business.id, w.customers[0]!, request);
    expect(result.booked.map((b) => [b.startsAt, b.status, b.staffId, b.priceMinor])).toEqual(
      [8, 22, 29].map((day) => [w.at('10:00', day), 'confirmed', w.staff[0]!.id, w.haircut.priceMinor]),
    );
    expect(result.conflicts).toEqual([{ index: 2, startsAt: w.at('10:00', 15), free: false, reason: 'taken', alternatives: [w.at('09:00', 15), w.at('11:00', 15), w.at('11:30', 15)] }]);
    // The booking repeated is the series' first visit; each visit is told like any booking.
    expect((await rows(result.seriesId)).map((b) => b.id)).toEqual([first.id, ...result.booked.map((b) => b.id)]);
    for (const b of result.booked) {
      const topics = (await em().find(OutboxMessageSchema, { aggregateId: b.id })).map((m) => m.topic).sort();
      expect(topics).toEqual(['booking.confirmed', 'booking.created']);
    }
    // Pressed again (a double tap): the same series, nothing booked twice.
    const again = await bookSeries(w.ctx, w.business.id, w.customers[0]!, request);
    expect(again.seriesId).toBe(result.seriesId);
    expect(again.booked.map((b) => b.id)).toEqual(result.booked.map((b) => b.id));
    expect(await em().count(BookingSchema, { customer: w.customers[0]!, status: 'confirmed' })).toBe(4);
  });

  it('books a taken visit at the free time chosen instead, every 2 weeks', async () => {
    const first = await booked(1, w.at('13:00', 2));
    await takenBySomeoneElse(w.at('13:00', 16));
    const result = await bookSeries(w.ctx, w.business.id, w.customers[1]!, { bookingId: first.id, everyWeeks: 2, count: 2, instead: [{ index: 1, startsAt: w.at('14:00', 16) }] });
    expect(result.booked.map((b) => b.startsAt)).toEqual([w.at('14:00', 16), w.at('13:00', 30)]);
    expect(result.conflicts).toEqual([]);
    // A "replacement" a week away is another booking, not this visit moved.
    const other = await booked(1, w.at('16:00', 3));
    await expect(bookSeries(w.ctx, w.business.id, w.customers[1]!, { bookingId: other.id, everyWeeks: 1, count: 2, instead: [{ index: 1, startsAt: w.at('16:00', 17) }] })).rejects.toBeInstanceOf(InvalidRequest);
  });

  it('is not offered for a service the team approves, nor for someone else\'s booking', async () => {
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.consultation.id, staffId: w.staff[1]!.id, startsAt: w.at('10:00', 4), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[2]! }, { bookingId: held.id });
    await expect(previewSeries(w.ctx, w.business.id, w.customers[2]!, { bookingId: held.id, everyWeeks: 1, count: 4 })).rejects.toMatchObject({ i18nKey: 'errors.series.not_repeatable' });
    const mine = await booked(2, w.at('12:00', 4));
    await expect(bookSeries(w.ctx, w.business.id, w.customers[3]!, { bookingId: mine.id, everyWeeks: 1, count: 4 })).rejects.toMatchObject({ code: 'not_your_booking' });
  });
});

describe('a visit taken while the customer decides', () => {
  it('between the preview and the confirmation: reported as a conflict, the rest booked', async () => {
    const first = await booked(3, w.at('15:00', 1));
    const request = { bookingId: first.id, everyWeeks: 1 as const, count: 3 };
    expect((await previewSeries(w.ctx, w.business.id, w.customers[3]!, request)).every((v) => v.free)).toBe(true);
    await takenBySomeoneElse(w.at('15:00', 15));
    const result = await bookSeries(w.ctx, w.business.id, w.customers[3]!, request);
    expect(result.booked.map((b) => b.startsAt)).toEqual([w.at('15:00', 8), w.at('15:00', 22)]);
    expect(result.conflicts).toMatchObject([{ index: 2, startsAt: w.at('15:00', 15), reason: 'taken' }]);
    expect(result.conflicts[0]!.alternatives[0]).toBe(w.at('14:00', 15));
  });

  it('by a booking inserted at the same moment: the constraint refuses that visit alone', async () => {
    // Repeating a visit locks its specialist's row, so a rival for the same specialist
    // waits for the series to commit; a rival for the one room, with another specialist
    // and service, does not: only the room's exclusion constraint stands between them.
    const physio = await roomService('Physio');
    const first = await booked(4, w.at('17:00', 2), physio);
    const contested = w.at('17:00', 9);
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const rival = em().transactional(async (tx) => {
      await placeNewBooking(tx, w.business.id, { serviceId: w.massage.id, staffId: w.staff[1]!.id, startsAt: contested }, w.clock.now(), () => ({
        customerId: w.customers[5]!,
        status: 'confirmed',
        holdExpiresAt: null,
        source: 'admin',
      }));
      inserted();
      await gate;
    });
    await insertedYet;
    // The series reads the room as free (the rival is uncommitted) and its insert waits on the rival's.
    const series = bookSeries(w.ctx, w.business.id, w.customers[4]!, { bookingId: first.id, everyWeeks: 1, count: 2 });
    await waitUntilBlockedOnALock();
    commit();
    await rival;
    const result = await series;
    expect(result.booked.map((b) => b.startsAt)).toEqual([w.at('17:00', 16)]);
    expect(result.conflicts).toMatchObject([{ index: 1, startsAt: contested, reason: 'taken' }]);
    expect(result.conflicts[0]!.alternatives[0]).toBe(w.at('16:00', 9));
    expect((await rows(result.seriesId)).map((b) => b.startsAt.getTime())).toEqual([w.at('17:00', 2), w.at('17:00', 16)]);
  });
});

/** A service needing the one room, with no deposit, done by the first specialist. */
async function roomService(name: string): Promise<string> {
  const scoped = em();
  const service = scoped.create(ServiceSchema, { business: w.business.id, name, durationMinutes: 60, priceMinor: 50000, currency: 'UAH', requiresResourceKind: 'room' });
  const staff = await scoped.findOneOrFail(StaffMemberSchema, { id: w.staff[0]!.id }, { populate: ['services'] });
  staff.services.add(service);
  await scoped.flush();
  return service.id;
}

/** Waits (by asking PostgreSQL, not by the clock) until a session of this database waits on another's lock. */
async function waitUntilBlockedOnALock(): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (let i = 0; i < 1000; i += 1) {
      const found = await client.query("select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      if (found.rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no session ever waited on a lock');
  } finally {
    await client.end();
  }
}

describe('cancelling from a visit of a series', () => {
  it('cancels that visit and the later ones only, each told like a cancellation', async () => {
    const first = await booked(0, w.at('16:00', 5));
    const { booked: later } = await bookSeries(w.ctx, w.business.id, w.customers[0]!, { bookingId: first.id, everyWeeks: 1, count: 3 });
    const result = await cancelSeries(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: later[1]!.id });
    expect(result.cancelled.map((b) => b.id)).toEqual([later[1]!.id, later[2]!.id]);
    expect(result.tooLate).toEqual([]);
    const statuses = await em().find(BookingSchema, { id: { $in: [first.id, ...later.map((b) => b.id)] } }, { orderBy: { startsAt: 'asc' } });
    expect(statuses.map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'cancelled', 'cancelled']);
    const topics = (await em().find(OutboxMessageSchema, { aggregateId: later[2]!.id })).map((m) => m.topic);
    expect(topics).toContain('booking.cancelled');
  });

  it('keeps a visit already inside the customer\'s cancel cutoff and cancels the later ones', async () => {
    const first = await booked(1, w.at('11:00', 6));
    const { booked: later } = await bookSeries(w.ctx, w.business.id, w.customers[1]!, { bookingId: first.id, everyWeeks: 1, count: 2 });
    // An hour before the first visit: inside the 2-hour cutoff for it, not for the others.
    w.clock.set(w.at('10:00', 6));
    const result = await cancelSeries(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[1]! }, { bookingId: first.id });
    expect(result.tooLate.map((b) => b.id)).toEqual([first.id]);
    expect(result.cancelled.map((b) => b.id)).toEqual(later.map((b) => b.id));
    expect((await em().findOneOrFail(BookingSchema, { id: first.id })).status).toBe('confirmed');
  });
});
