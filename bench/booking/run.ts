// Booking benchmark: `node bench/booking/run.ts` (also run by `npm run bench`).
// 1. Bookings per second under contention: 100 concurrent clients fill 1,000 slots
//    through the createBooking use case, beside the raw INSERT rate of the same rows
//    into the same table by the same 100 clients (the floor). Target ≥ 50 % of it.
//    For reference, the raw INSERT racing for random slots as the clients do (what the
//    contention alone costs), and the rows a booking must write in one statement with
//    no rules (the ceiling of any implementation that keeps audit and outbox rows in
//    the booking's transaction).
// 2. list-availability through the database for the slots-bench business (20 staff,
//    10,000 bookings over 60 days, "any specialist", 30 days). Target median ≤ 30 ms.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SlotTaken } from '../../src/domain/index.ts';
import { loadAvailability } from '../../src/app/availability-loader.ts';
import { createBooking } from '../../src/app/create-booking.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { listAvailability } from '../../src/app/list-availability.ts';
import type { UseCaseContext } from '../../src/app/use-case-context.ts';
import { BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WorkingHoursSchema, TimeOffSchema } from '../../src/db/entities/index.ts';
import { seededBusiness } from '../slots/seeded-business.ts';
import { median, openBenchDatabase } from '../support/bench-database.ts';

const CLIENTS = 100;
const STAFF = 10;
const SLOTS_PER_STAFF = 100;
const POOL = 20;
const DAY = 86_400_000;

/** A business whose staff work around the clock, with one 30-minute service. */
async function makeBusiness(em: EntityManager, slug: string) {
  const business = em.create(BusinessSchema, { slug, name: slug, timeZone: 'UTC', currency: 'EUR', minNoticeMinutes: 0, bookingHorizonDays: 30, slotStepMinutes: 30 });
  const service = em.create(ServiceSchema, { business, name: 'Slot', durationMinutes: 30, priceMinor: 1000, currency: 'EUR' });
  const staff = Array.from({ length: STAFF }, (_, i) => {
    const member = em.create(StaffMemberSchema, { business, name: `S${i}` });
    member.services.add(service);
    for (let weekday = 1; weekday <= 7; weekday += 1) em.create(WorkingHoursSchema, { business, staffMember: member, weekday, startMinute: 0, endMinute: 1440 });
    return member;
  });
  const customers = Array.from({ length: CLIENTS }, (_, i) => em.create(CustomerSchema, { business, name: `C${i}` }));
  await em.flush();
  return { business, service, staff, customers };
}

const START = Date.UTC(2030, 0, 7);
const slotsOf = (staffIds: string[]) => staffIds.flatMap((staffId) => Array.from({ length: SLOTS_PER_STAFF }, (_, k) => ({ staffId, startsAt: START + k * 30 * 60_000 })));

async function bookingsUnderContention() {
  const { business, service, staff, customers } = await makeBusiness(db.orm.em.fork(), 'contended');
  const ctx: UseCaseContext = { orm: db.orm, now: () => START - DAY };
  const open = slotsOf(staff.map((s) => s.id));
  let booked = 0;
  let taken = 0;
  let failed = 0;
  // Each client takes a random open slot; clients collide on purpose.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    customers.map(async (customer) => {
      while (open.length > 0) {
        const slot = open[Math.floor(random() * open.length)]!;
        try {
          await createBooking(ctx, business.id, { kind: 'business', userId: null }, { customerId: customer.id, serviceId: service.id, staffId: slot.staffId, startsAt: slot.startsAt });
          booked += 1;
        } catch (error) {
          if (error instanceof SlotTaken) taken += 1;
          else {
            failed += 1;
            // Anything but SlotTaken is a bug or a stalled machine: show the first one.
            if (failed === 1) console.error('first unexpected error:', error);
          }
        }
        const index = open.indexOf(slot);
        if (index >= 0) open.splice(index, 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const nodeCpuShare = (cpu.user + cpu.system) / 1e6 / seconds;
  return { booked, taken, failed, perSecond: booked / seconds, nodeCpuShare };
}

/**
 * The raw INSERT again, but racing as createBooking's clients do: each client inserts a
 * random open slot, and a slot someone else just took is skipped by the database
 * (`on conflict do nothing` on the exclusion constraint) — what contention alone costs,
 * before any rule, audit row or notification.
 */
async function rawInsertUnderContention() {
  const { business, service, staff, customers } = await makeBusiness(db.orm.em.fork(), 'raw-contended');
  const open = slotsOf(staff.map((s) => s.id));
  const connection = db.orm.em.getConnection();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let inserted = 0;
  let collided = 0;
  const t0 = performance.now();
  await Promise.all(
    customers.map(async (customer) => {
      while (open.length > 0) {
        const slot = open[Math.floor(random() * open.length)]!;
        const starts = new Date(slot.startsAt);
        const ends = new Date(slot.startsAt + 30 * 60_000);
        const rows = await connection.execute<unknown[]>(
          `insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                                status, price_minor, currency, source, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 1000, 'EUR', 'admin', now(), now())
           on conflict do nothing returning id`,
          [randomUUID(), business.id, service.id, slot.staffId, customer.id, starts, ends, starts, ends],
        );
        if (rows.length > 0) inserted += 1;
        else collided += 1;
        const index = open.indexOf(slot);
        if (index >= 0) open.splice(index, 1);
      }
    }),
  );
  return { perSecond: inserted / ((performance.now() - t0) / 1000), inserted, collided };
}

// The rows createBooking must write for one booking — the booking, an audit row and an
// outbox row for each of its two changes (created, confirmed) — in one hand-written
// statement, with no rule checked: the ceiling of any implementation that keeps audit
// and notifications in the booking's transaction, as the issue requires.
const REQUIRED_WRITES = `
  with ins as (
    insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                         status, price_minor, currency, source, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 1000, 'EUR', 'admin', now(), now())
    on conflict do nothing
    returning id, business_id, customer_id, staff_member_id, service_id, starts_at, ends_at, status),
  changes as (select * from (values (gen_random_uuid(), 'booking.created'), (gen_random_uuid(), 'booking.confirmed')) c(id, topic)),
  audit as (
    insert into audit_entry (id, business_id, actor_kind, actor_id, action, entity_type, entity_id, details, created_at)
    select changes.id, ins.business_id, 'user', null, changes.topic, 'booking', ins.id, '{"manual":true}', now() from ins, changes),
  outbox as (
    insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)
    select gen_random_uuid(), ins.business_id, changes.topic, 'booking', ins.id,
           jsonb_build_object('bookingId', ins.id, 'customerId', ins.customer_id, 'staffId', ins.staff_member_id, 'serviceId', ins.service_id,
                              'startsAt', ins.starts_at, 'endsAt', ins.ends_at, 'status', ins.status, 'actor', 'business', 'manual', true),
           changes.topic || ':' || changes.id, 'pending', 0, now(), now()
      from ins, changes)
  select id from ins`;

async function requiredWritesUnderContention() {
  const { business, service, staff, customers } = await makeBusiness(db.orm.em.fork(), 'required-writes');
  const open = slotsOf(staff.map((s) => s.id));
  const connection = db.orm.em.getConnection();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let inserted = 0;
  const t0 = performance.now();
  await Promise.all(
    customers.map(async (customer) => {
      while (open.length > 0) {
        const slot = open[Math.floor(random() * open.length)]!;
        const starts = new Date(slot.startsAt);
        const ends = new Date(slot.startsAt + 30 * 60_000);
        const rows = await connection.execute<unknown[]>(REQUIRED_WRITES, [randomUUID(), business.id, service.id, slot.staffId, customer.id, starts, ends, starts, ends]);
        if (rows.length > 0) inserted += 1;
        const index = open.indexOf(slot);
        if (index >= 0) open.splice(index, 1);
      }
    }),
  );
  return inserted / ((performance.now() - t0) / 1000);
}

async function rawInsertRate() {
  const { business, service, staff, customers } = await makeBusiness(db.orm.em.fork(), 'raw-insert');
  const queue = slotsOf(staff.map((s) => s.id));
  const connection = db.orm.em.getConnection();
  const t0 = performance.now();
  let inserted = 0;
  await Promise.all(
    customers.map(async (customer) => {
      for (let slot = queue.pop(); slot; slot = queue.pop()) {
        const starts = new Date(slot.startsAt);
        const ends = new Date(slot.startsAt + 30 * 60_000);
        await connection.execute(
          `insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                                status, price_minor, currency, source, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 1000, 'EUR', 'admin', now(), now())`,
          [randomUUID(), business.id, service.id, slot.staffId, customer.id, starts, ends, starts, ends],
        );
        inserted += 1;
      }
    }),
  );
  return inserted / ((performance.now() - t0) / 1000);
}

async function listAvailabilityThroughDatabase() {
  const zone = 'Europe/Kyiv';
  const firstDay = Date.UTC(2026, 2, 9) - 2 * 3_600_000;
  const data = seededBusiness({ staffCount: 20, bookingCount: 10_000, bookingDays: 60, zone, firstDayUtcMidnight: firstDay, withResource: false });
  const em = db.orm.em.fork();
  const business = em.create(BusinessSchema, { slug: 'slots-bench', name: 'Slots bench', timeZone: zone, currency: 'UAH', minNoticeMinutes: 60, bookingHorizonDays: 60, slotStepMinutes: 15 });
  const cut = em.create(ServiceSchema, { business, name: 'Cut', durationMinutes: 45, bufferAfterMinutes: 10, priceMinor: 50000, currency: 'UAH' });
  const others = [0, 1, 2, 3].map((i) => em.create(ServiceSchema, { business, name: `Service ${i}`, durationMinutes: 30, priceMinor: 10000, currency: 'UAH' }));
  const customer = em.create(CustomerSchema, { business, name: 'Bench' });
  const staffIds = new Map<string, string>();
  for (const s of data.staff) {
    const member = em.create(StaffMemberSchema, { business, name: s.id, dailyBookingCap: s.maxBookingsPerDay ?? null });
    member.services.set([cut, ...others]);
    staffIds.set(s.id, member.id);
    for (const [weekday, ranges] of Object.entries(s.weeklyHours)) {
      for (const r of ranges ?? []) {
        const [start, end] = [r.start, r.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
        // The seeded lunch break (13:00–14:00) becomes two intervals, as the panel stores it.
        em.create(WorkingHoursSchema, { business, staffMember: member, weekday: Number(weekday), startMinute: start!, endMinute: 13 * 60 });
        em.create(WorkingHoursSchema, { business, staffMember: member, weekday: Number(weekday), startMinute: 14 * 60, endMinute: end! });
      }
    }
    for (const off of s.timeOff ?? []) em.create(TimeOffSchema, { business, staffMember: member, startsAt: new Date(off.start), endsAt: new Date(off.end) });
  }
  await em.flush();
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const b of data.bookings) {
    const held = b.status === 'held';
    tuples.push('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 10000, \'UAH\', \'admin\', now(), now())');
    values.push(
      randomUUID(),
      business.id,
      others[Number(b.serviceId.slice(-1))]!.id,
      staffIds.get(b.staffId!)!,
      customer.id,
      new Date(b.startsAt),
      new Date(b.endsAt),
      new Date(b.startsAt - b.bufferBeforeMin * 60_000),
      new Date(b.endsAt + b.bufferAfterMin * 60_000),
      b.status,
      held ? new Date(b.holdExpiresAt ?? b.startsAt) : null,
    );
  }
  // The seed may overlap only cancelled rows; insert in chunks.
  const connection = db.orm.em.getConnection();
  for (let i = 0; i < tuples.length; i += 1000) {
    await connection.execute(
      `insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until, status, hold_expires_at,
                            price_minor, currency, source, created_at, updated_at) values ${tuples.slice(i, i + 1000).join(',')}`,
      values.slice(i * 11, (i + 1000) * 11),
    );
  }
  await connection.execute('analyze booking');
  const now = firstDay + 6 * 3_600_000;
  const ctx: UseCaseContext = { orm: db.orm, now: () => now };
  const query = { serviceId: cut.id, staffId: null, from: now, to: now + 30 * DAY };
  const samples: number[] = [];
  const loads: number[] = [];
  let slots = 0;
  for (let i = 0; i < 60; i += 1) {
    const t0 = performance.now();
    const result = await listAvailability(ctx, business.id, query);
    const t1 = performance.now();
    await loadAvailability(emForBusiness(db.orm, business.id), business.id, query, now);
    const t2 = performance.now();
    if (i >= 10) {
      samples.push(t1 - t0);
      loads.push(t2 - t1);
    }
    slots = result.slots.length;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: median(samples), p95: sorted[Math.floor(sorted.length * 0.95)]!, runs: samples.length, slots, loadMedian: median(loads) };
}

const db = await openBenchDatabase(POOL);
console.log(`bench/booking — Node ${process.version}, ${db.label}, pool ${POOL} connections`);
const rows: string[][] = [];
try {
  const contended = await bookingsUnderContention();
  const floor = await rawInsertRate();
  const rawContended = await rawInsertUnderContention();
  const requiredWrites = await requiredWritesUnderContention();
  rows.push([
    `createBooking, ${CLIENTS} clients, ${STAFF * SLOTS_PER_STAFF} slots`,
    `${contended.booked} booked, ${contended.taken} taken, ${contended.failed} other; node CPU ${(contended.nodeCpuShare * 100).toFixed(0)} %`,
    contended.perSecond.toFixed(0),
    floor.toFixed(0),
    `${((contended.perSecond / floor) * 100).toFixed(1)} %`,
  ]);
  const availability = await listAvailabilityThroughDatabase();
  console.log('');
  console.log(`${'throughput'.padEnd(43)} | ${'outcome'.padEnd(56)} | bookings/s | raw INSERT/s (floor) | share`);
  console.log(`${'-'.repeat(44)}|${'-'.repeat(58)}|------------|----------------------|------`);
  for (const r of rows) console.log(`${r[0]!.padEnd(43)} | ${r[1]!.padEnd(56)} | ${r[2]!.padStart(10)} | ${r[3]!.padStart(20)} | ${r[4]}`);
  console.log('');
  console.log(`list-availability via PostgreSQL (20 staff, 10,000 bookings, 30 days, any specialist): median ${availability.median.toFixed(1)} ms, p95 ${availability.p95.toFixed(1)} ms over ${availability.runs} runs, ${availability.slots} slots; of which loading ${availability.loadMedian.toFixed(1)} ms`);
  console.log(
    `reference: the raw INSERT racing like the clients above (random open slots, collisions skipped by the constraint): ${rawContended.perSecond.toFixed(0)}/s, ` +
      `${rawContended.inserted} inserted, ${rawContended.collided} collided = ${((rawContended.perSecond / floor) * 100).toFixed(1)} % of the floor; ` +
      `createBooking at ${((contended.perSecond / rawContended.perSecond) * 100).toFixed(1)} % of it`,
  );
  console.log(
    `reference: the rows createBooking must write (booking + 2 audit + 2 outbox), one hand-written statement, no rules, same race: ` +
      `${requiredWrites.toFixed(0)}/s = ${((requiredWrites / floor) * 100).toFixed(1)} % of the floor`,
  );
  const share = contended.perSecond / floor;
  console.log(`targets: ≥ 50 % of the raw INSERT rate (${share >= 0.5 ? 'met' : 'NOT met'}); list-availability median ≤ 30 ms (${availability.median <= 30 ? 'met' : 'NOT met'})`);
} finally {
  await db.close();
}
