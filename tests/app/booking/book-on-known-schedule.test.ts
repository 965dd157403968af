import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlotTaken } from '../../../src/domain/index.ts';
import { AuditEntrySchema, BookingSchema, BusinessSchema, CustomerSchema, OutboxMessageSchema, ServiceSchema, TimeOffSchema, WorkingHoursSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { CustomerBlocked, SlotUnavailable } from '../../../src/app/shared/app-errors.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { watchStatements } from '../../support/statement-watch.ts';
import { until } from '../../support/wait-until.ts';

// A direct booking on schedule facts kept from an earlier read of the same specialist's
// day is checked against them and written in one guarded statement; whatever changed
// since (the schedule, the customer) or whatever the facts cannot settle (a lost race,
// a lapsed hold, a retried key) still gets the full answer.
let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());
beforeEach(async () => {
  w = await makeBookingWorld(db.orm, { customers: 6, staff: 2 });
});

const em = () => emForBusiness(db.orm, w.business.id);
const request = (customer: number, staff: number, time: string, day = 2) => ({
  customerId: w.customers[customer]!,
  serviceId: w.haircut.id,
  staffId: w.staff[staff]!.id,
  startsAt: w.at(time, day),
});

describe('a booking on known schedule facts', () => {
  it('takes one statement once the specialist’s day was read, and writes what a fresh read would', async () => {
    const first = await watchStatements(db.orm, () => createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00')));
    expect(first.statements).toBe(2); // the facts with the bookings in the way, then the write
    const second = await watchStatements(db.orm, () => createBooking(w.ctx, w.business.id, owner, { ...request(1, 0, '12:00'), notes: 'fringe' }));
    expect(second.statements).toBe(1);
    const row = await em().findOneOrFail(BookingSchema, { id: second.result.id });
    expect(row).toMatchObject({ status: 'confirmed', priceMinor: w.haircut.priceMinor, notes: 'fringe', source: 'admin' });
    expect(row.endsAt.getTime() - row.startsAt.getTime()).toBe(60 * 60_000);
    expect(await em().count(AuditEntrySchema, { entityId: second.result.id })).toBe(2);
    expect(await em().count(OutboxMessageSchema, { aggregateId: second.result.id })).toBe(2);
    // Another specialist's day, or another day, is read first.
    expect((await watchStatements(db.orm, () => createBooking(w.ctx, w.business.id, owner, request(2, 1, '12:00')))).statements).toBe(2);
    expect((await watchStatements(db.orm, () => createBooking(w.ctx, w.business.id, owner, request(2, 0, '12:00', 3)))).statements).toBe(2);
  });

  it('still refuses what the facts refuse, with alternatives from a fresh read', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00'));
    const late = await createBooking(w.ctx, w.business.id, owner, request(1, 0, '18:00')).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(SlotUnavailable);
    expect((late as SlotUnavailable).reason).toBe('outside_working_hours');
    expect((late as SlotUnavailable).alternatives.length).toBeGreaterThan(0);
  });

  it('sees time off added after the facts were read', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00'));
    await em().persist(em().create(TimeOffSchema, { business: w.business.id, staffMember: w.staff[0]!.id, startsAt: new Date(w.at('11:00', 2)), endsAt: new Date(w.at('15:00', 2)) })).flush();
    // Time off blocks like a booking: the specialist is busy.
    await expect(createBooking(w.ctx, w.business.id, owner, request(1, 0, '12:00'))).rejects.toBeInstanceOf(SlotTaken);
    expect(await em().count(BookingSchema, {})).toBe(1);
  });

  it('sees shorter hours and a new price set after the facts were read', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00'));
    await em().nativeUpdate(WorkingHoursSchema, { staffMember: w.staff[0]!.id }, { endMinute: 14 * 60 });
    await expect(createBooking(w.ctx, w.business.id, owner, request(1, 0, '15:00'))).rejects.toBeInstanceOf(SlotUnavailable);
    await em().nativeUpdate(ServiceSchema, { id: w.haircut.id }, { priceMinor: 75000 });
    const repriced = await createBooking(w.ctx, w.business.id, owner, request(1, 0, '12:00'));
    expect(repriced.priceMinor).toBe(75000);
  });

  it('refuses a customer blocked after the facts were read, and writes nothing', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00'));
    await em().nativeUpdate(CustomerSchema, { id: w.customers[1]! }, { blocked: true });
    await expect(createBooking(w.ctx, w.business.id, owner, request(1, 0, '12:00'))).rejects.toBeInstanceOf(CustomerBlocked);
    expect(await em().count(BookingSchema, {})).toBe(1);
    expect(await em().count(AuditEntrySchema, { entityType: 'booking' })).toBe(2);
    expect(await em().count(OutboxMessageSchema, {})).toBe(2);
  });

  it('answers a lost race with alternatives and leaves nothing of the losers behind', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 1, '09:00'));
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((c) => createBooking(w.ctx, w.business.id, owner, request(c, 1, '15:00'))));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const error of refused) {
      expect(error).toBeInstanceOf(SlotTaken);
      const offered = (error as SlotTaken).alternatives.map((s) => s.startsAt);
      expect(offered.length).toBeGreaterThan(0);
      expect(offered).not.toContain(w.at('15:00', 2));
      expect(offered).not.toContain(w.at('09:00', 2));
    }
    expect(await em().count(BookingSchema, {})).toBe(2);
    expect(await em().count(AuditEntrySchema, { entityType: 'booking' })).toBe(4);
    expect(await em().count(OutboxMessageSchema, {})).toBe(4);
  });

  it('releases a lapsed hold in the way, as a fresh read does', async () => {
    // A one-minute hold, so it lapses while the kept facts (a minute at most) still stand.
    await em().nativeUpdate(BusinessSchema, { id: w.business.id }, { holdMinutes: 1 });
    const lapsed = await holdSlot(w.ctx, w.business.id, { ...request(2, 1, '10:00'), source: 'telegram' });
    w.clock.advanceMinutes(0.5);
    await createBooking(w.ctx, w.business.id, owner, request(0, 1, '09:00'));
    w.clock.advanceMinutes(0.55);
    const { result: booked, preparedNames } = await watchStatements(db.orm, () => createBooking(w.ctx, w.business.id, owner, request(3, 1, '10:00')));
    expect(preparedNames[0]).toBe('booking.insert-with-changes'); // tried on the kept facts first
    expect(booked.status).toBe('confirmed');
    expect(await em().findOneOrFail(BookingSchema, { id: lapsed.id })).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired' });
  });

  it('takes the specialist’s booking lock before it writes, so racing bookings meet one after the other', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '09:00'));
    const connection = db.orm.em.getConnection();
    if (!(connection instanceof PostgreSqlConnection)) throw new Error('not PostgreSQL');
    const holder = await (await connection.getNativeClient()).connect();
    let booking: Promise<unknown> | undefined;
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtextextended('booking-staff:' || $1, 0))`, [w.staff[0]!.id]);
      booking = createBooking(w.ctx, w.business.id, owner, request(1, 0, '12:00'));
      const waiting = async () =>
        Number((await holder.query(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`)).rows[0].n) > 0;
      await until(waiting, 'the booking to wait for the specialist’s lock', 10_000);
      expect(await em().count(BookingSchema, { startsAt: new Date(w.at('12:00', 2)) })).toBe(0);
    } finally {
      await holder.query('commit');
      holder.release();
    }
    expect(await booking).toMatchObject({ status: 'confirmed' });
  });

  it('answers a retried idempotency key with the first booking', async () => {
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '09:00'));
    const first = await createBooking(w.ctx, w.business.id, owner, { ...request(1, 0, '13:00'), idempotencyKey: 'desk-7' });
    const again = await createBooking(w.ctx, w.business.id, owner, { ...request(1, 0, '13:00'), idempotencyKey: 'desk-7' });
    expect(again.id).toBe(first.id);
    await expect(createBooking(w.ctx, w.business.id, owner, { ...request(2, 0, '15:00'), idempotencyKey: 'desk-7' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await em().count(BookingSchema, {})).toBe(2);
  });
});

/** Runs statements in one transaction of their own, across businesses (no tenant scope). */
async function inOneTransaction(statements: [string, unknown[]][]): Promise<void> {
  const connection = db.orm.em.getConnection();
  if (!(connection instanceof PostgreSqlConnection)) throw new Error('not PostgreSQL');
  const client = await (await connection.getNativeClient()).connect();
  try {
    await client.query('begin');
    for (const [text, values] of statements) await client.query(text, values);
    await client.query('commit');
  } finally {
    client.release();
  }
}

describe('the log of availability changes', () => {
  const logged = async () =>
    (await db.orm.em.getConnection().execute<{ schedule: boolean }[]>('select schedule from availability_change where business_id = ? order by xid', [w.business.id])).map((r) => r.schedule);

  it('tells a change of bookings alone from a change of the schedule, one row per transaction', async () => {
    await db.orm.em.getConnection().execute('delete from availability_change where business_id = ?', [w.business.id]);
    await createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00'));
    expect(await logged()).toEqual([false]);
    await em().persist(em().create(TimeOffSchema, { business: w.business.id, staffMember: w.staff[0]!.id, startsAt: new Date(w.at('15:00', 2)), endsAt: new Date(w.at('16:00', 2)) })).flush();
    expect(await logged()).toEqual([false, true]);
    // Both in one transaction, in either order: one row, a schedule change.
    await em().transactional(async (tx) => {
      await tx.nativeUpdate(BookingSchema, { business: w.business.id }, { startsAt: new Date(w.at('11:00', 2)), endsAt: new Date(w.at('12:00', 2)), blockedFrom: new Date(w.at('11:00', 2)), blockedUntil: new Date(w.at('12:00', 2)) });
      await tx.nativeUpdate(WorkingHoursSchema, { staffMember: w.staff[1]!.id, weekday: 1 }, { endMinute: 17 * 60 });
      await tx.nativeUpdate(BookingSchema, { business: w.business.id }, { startsAt: new Date(w.at('12:00', 2)), endsAt: new Date(w.at('13:00', 2)), blockedFrom: new Date(w.at('12:00', 2)), blockedUntil: new Date(w.at('13:00', 2)) });
    });
    expect(await logged()).toEqual([false, true, true]);
    // The schedule first, then bookings: still one schedule row.
    await em().transactional(async (tx) => {
      await tx.nativeUpdate(WorkingHoursSchema, { staffMember: w.staff[1]!.id, weekday: 1 }, { endMinute: 16 * 60 });
      await tx.nativeUpdate(BookingSchema, { business: w.business.id }, { startsAt: new Date(w.at('13:00', 2)), endsAt: new Date(w.at('14:00', 2)), blockedFrom: new Date(w.at('13:00', 2)), blockedUntil: new Date(w.at('14:00', 2)) });
    });
    expect(await logged()).toEqual([false, true, true, true]);
  });

  it('keeps each business apart when one transaction changes two', async () => {
    const other = await makeBookingWorld(db.orm);
    const loggedOf = async (businessId: string) =>
      (await db.orm.em.getConnection().execute<{ schedule: boolean }[]>('select schedule from availability_change where business_id = ? order by xid', [businessId])).map((r) => r.schedule);
    const booked = await createBooking(w.ctx, w.business.id, owner, request(0, 0, '10:00'));
    await db.orm.em.getConnection().execute('delete from availability_change where business_id in (?, ?)', [w.business.id, other.business.id]);
    // Bookings of one, the schedule of the other, then the schedule of the first.
    await inOneTransaction([
      ['update booking set starts_at = starts_at + interval \'1 hour\', ends_at = ends_at + interval \'1 hour\', blocked_from = blocked_from + interval \'1 hour\', blocked_until = blocked_until + interval \'1 hour\' where id = $1', [booked.id]],
      ['update working_hours set end_minute = 1020 where staff_member_id = $1 and weekday = 2', [other.staff[0]!.id]],
      ['update working_hours set end_minute = 1020 where staff_member_id = $1 and weekday = 2', [w.staff[0]!.id]],
    ]);
    expect(await loggedOf(w.business.id)).toEqual([true]);
    expect(await loggedOf(other.business.id)).toEqual([true]);
    // Bookings alone, of one business: a bookings row.
    await inOneTransaction([
      ['update booking set starts_at = starts_at + interval \'1 hour\', ends_at = ends_at + interval \'1 hour\', blocked_from = blocked_from + interval \'1 hour\', blocked_until = blocked_until + interval \'1 hour\' where id = $1', [booked.id]],
    ]);
    expect(await loggedOf(w.business.id)).toEqual([true, false]);
  });
});
