import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAvailability } from '../../../src/app/availability/list-availability.ts';
import { pruneAvailabilityChanges } from '../../../src/app/availability/prune-availability-changes.ts';
import { cancelBooking } from '../../../src/app/booking/cancel-booking.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { BookingSchema, BusinessSchema, ServiceSchema, StaffMemberSchema, TimeOffSchema, WorkingHoursSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let w: BookingWorld;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 4 });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
const ask = (day = 2, staffId: string | null = null) => listAvailability(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId, from: w.at('00:00', day), to: w.at('00:00', day + 1) });
const times = async (day = 2, staffId: string | null = null) => (await ask(day, staffId)).slots.map((s) => `${s.local.time} ${s.staffIds.length}`);
const changesLogged = async () => Number((await db.orm.em.getConnection().execute('select count(*)::int as n from availability_change where business_id = ?', [w.business.id]))[0]!['n']);

describe('free slots answered again while nothing changed', () => {
  it('gives the same answer again, and a new one once a booking is made or cancelled', async () => {
    const first = await ask();
    expect(await ask()).toBe(first);
    const made = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 2) });
    const after = await ask();
    expect(after).not.toBe(first);
    expect(after.slots.find((s) => s.local.time === '10:00')?.staffIds).toEqual([w.staff[1]!.id]);
    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: made.id });
    expect((await ask()).slots.find((s) => s.local.time === '10:00')?.staffIds).toHaveLength(2);
  });

  it('sees a change committed by another process (any connection to the database)', async () => {
    const before = await times();
    expect(before).toContain('12:00 2');
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      // Specialist 2 stops working on that day's weekday: another process's panel edit.
      const weekday = new Date(w.at('12:00', 2)).getUTCDay() || 7;
      await other.query('delete from working_hours where staff_member_id = $1 and weekday = $2', [w.staff[1]!.id, weekday]);
      expect(await times()).toContain('12:00 1');
      await other.query('insert into working_hours (id, business_id, staff_member_id, weekday, start_minute, end_minute) values (gen_random_uuid(), $1, $2, $3, 540, 1080)', [w.business.id, w.staff[1]!.id, weekday]);
    } finally {
      await other.end();
    }
    expect(await times()).toEqual(before);
  });

  it('follows every kind of schedule change: time off, a specialist away, the service, the business settings', async () => {
    const base = await times(3);
    const off = em().create(TimeOffSchema, { business: w.business.id, staffMember: w.staff[0]!.id, startsAt: new Date(w.at('09:00', 3)), endsAt: new Date(w.at('12:00', 3)) });
    await em().persist(off).flush();
    expect(await times(3)).toContain('09:00 1');
    await em().nativeDelete(TimeOffSchema, { id: off.id });
    expect(await times(3)).toEqual(base);

    await em().nativeUpdate(StaffMemberSchema, { id: w.staff[1]!.id }, { active: false });
    expect(await times(3)).toContain('09:00 1');
    await em().nativeUpdate(StaffMemberSchema, { id: w.staff[1]!.id }, { active: true });
    expect(await times(3)).toEqual(base);

    await em().nativeUpdate(ServiceSchema, { id: w.haircut.id }, { durationMinutes: 120 });
    expect(await times(3)).not.toContain('17:00 2');
    await em().nativeUpdate(ServiceSchema, { id: w.haircut.id }, { durationMinutes: 60 });
    expect(await times(3)).toEqual(base);

    await db.orm.em.fork().nativeUpdate(BusinessSchema, { id: w.business.id }, { slotStepMinutes: 60 });
    expect(await times(3)).not.toContain('09:30 2');
    await db.orm.em.fork().nativeUpdate(BusinessSchema, { id: w.business.id }, { slotStepMinutes: 30 });
    expect(await times(3)).toEqual(base);
  });

  it('logs no change for what the slots do not read (a note on a booking, the business name)', async () => {
    const made = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('15:00', 4) });
    const logged = await changesLogged();
    const answer = await ask(4);
    await em().nativeUpdate(BookingSchema, { id: made.id }, { notes: 'bring the dog' });
    await db.orm.em.fork().nativeUpdate(BusinessSchema, { id: w.business.id }, { name: 'Kyiv Studio Two' });
    expect(await changesLogged()).toBe(logged);
    expect(await ask(4)).toBe(answer);
    await em().nativeUpdate(WorkingHoursSchema, { staffMember: w.staff[0]!.id, weekday: 1 }, { endMinute: 17 * 60 });
    expect(await changesLogged()).toBe(logged + 1);
  });

  it('logs a change for a date override, a resource and a specialist dropping a service, once per transaction', async () => {
    const sql = (text: string, params: unknown[] = []) => db.orm.em.getConnection().execute(text, params);
    let logged = await changesLogged();
    await sql(`insert into date_override (id, business_id, staff_member_id, date, intervals) values (gen_random_uuid(), ?, ?, '2031-03-20', '[]')`, [w.business.id, w.staff[0]!.id]);
    expect(await changesLogged()).toBe((logged += 1));
    await sql('update resource set capacity = 2 where business_id = ?', [w.business.id]);
    expect(await changesLogged()).toBe((logged += 1));
    const pivot = await sql('delete from staff_member_service where staff_member_id = ? and service_id = ? returning service_id', [w.staff[1]!.id, w.yoga.id]);
    expect(pivot).toHaveLength(1);
    expect(await changesLogged()).toBe((logged += 1));
    // Many rows in one transaction: one change.
    await em().transactional(async (tx) => {
      await tx.nativeUpdate(WorkingHoursSchema, { staffMember: w.staff[1]!.id }, { startMinute: 8 * 60 });
      await tx.nativeUpdate(WorkingHoursSchema, { staffMember: w.staff[1]!.id }, { startMinute: 9 * 60 });
    });
    expect(await changesLogged()).toBe((logged += 1));
  });

  it('has the trigger on every table the slots are read from', async () => {
    const rows = await db.orm.em.getConnection().execute(
      `select distinct c.relname as table_name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid where p.proname = 'availability_changed' order by 1`,
    );
    expect(rows.map((r) => r['table_name'])).toEqual(['booking', 'business', 'date_override', 'external_busy', 'resource', 'service', 'staff_member', 'staff_member_service', 'time_off', 'working_hours']);
  });

  it('frees a held time when the hold lapses, with no write at all', async () => {
    await holdSlot(w.ctx, w.business.id, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('11:00', 5), source: 'telegram', conversationKey: 'tg:cache' });
    // Asked half a minute before the 10-minute hold lapses, again 15 s after (inside the minute an answer may stand).
    w.clock.advanceMinutes(9.5);
    expect(await times(5, w.staff[0]!.id)).not.toContain('11:00 1');
    w.clock.advanceMinutes(0.75);
    expect(await times(5, w.staff[0]!.id)).toContain('11:00 1');
  });

  it('drops a slot once it comes inside the minimum notice', async () => {
    // Today 08:00 with an hour of notice: 09:00 is the first slot; at 08:01 it is too soon.
    const today = await listAvailability(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId: null, from: w.at('00:00', 0), to: w.at('00:00', 1) });
    expect(today.slots[0]?.local.time).toBe('09:00');
    w.clock.advanceMinutes(1);
    const later = await listAvailability(w.ctx, w.business.id, { serviceId: w.haircut.id, staffId: null, from: w.at('00:00', 0), to: w.at('00:00', 1) });
    expect(later.slots[0]?.local.time).toBe('09:30');
  });

  it('lets asks that find the answer outdated at once share one load', async () => {
    await ask(6);
    await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('13:00', 6) });
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(6)));
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]!.slots.find((s) => s.local.time === '13:00')?.staffIds).toHaveLength(1);
  });

  it('prunes the log of changes by age only', async () => {
    const logged = await changesLogged();
    expect(logged).toBeGreaterThan(0);
    await pruneAvailabilityChanges(w.ctx);
    expect(await changesLogged()).toBe(logged);
    await db.orm.em.getConnection().execute(`update availability_change set changed_at = now() - interval '11 minutes' where business_id = ?`, [w.business.id]);
    expect(await pruneAvailabilityChanges(w.ctx)).toBe(logged);
    expect(await changesLogged()).toBe(0);
  });

  it('lets a business be deleted: its rows go, and no change row is left wanting it', async () => {
    const other = await makeBookingWorld(db.orm, { customers: 1 });
    await createBooking(other.ctx, other.business.id, owner, { customerId: other.customers[0]!, serviceId: other.haircut.id, staffId: null, startsAt: other.at('10:00', 2) });
    await db.orm.em.fork().nativeDelete(BusinessSchema, { id: other.business.id });
    expect(await db.orm.em.fork().count(BusinessSchema, { id: other.business.id })).toBe(0);
  });
});
