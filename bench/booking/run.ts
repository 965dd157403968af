// Booking benchmark: `node bench/booking/run.ts` (also run by `npm run bench`).
// 1. Bookings per second under contention: 100 concurrent clients fill 1,000 slots
//    through the createBooking use case, beside the raw INSERT rate of the same rows
//    into the same table by the same 100 clients (the floor). For reference, the raw
//    INSERT racing for random slots as the clients do (what the contention alone
//    costs), and the rows a booking must write in one statement with no rules
//    (reference B: the ceiling of any implementation that keeps audit and outbox rows
//    with the booking). Target (issue 20): ≥ 25 % of reference B.
// 2. list-availability through the database for the slots-bench business (20 staff,
//    10,000 bookings over 60 days, "any specialist", 30 days), beside one plain SELECT
//    of the same booking rows plus the slot computation alone. Targets: ≤ 2× that
//    reference, median ≤ 30 ms.
// 3. The race of 1. beside 1,000 lapsed holds of the same staff at other times: a
//    booking releases only the lapsed holds in its own way, so none of them is touched.
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import { randomUUID } from 'node:crypto';
import { findFreeSlots, SlotTaken } from '../../src/domain/index.ts';
import { loadAvailability } from '../../src/app/availability/load-availability.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { listAvailability } from '../../src/app/availability/list-availability.ts';
import { availabilityCache } from '../../src/app/availability/availability-cache.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WorkingHoursSchema, TimeOffSchema } from '../../src/db/entities/index.ts';
import { rawInsertRate, rawInsertUnderContention, requiredWritesUnderContention } from './insert-references.ts';
import { CLIENTS, raceBusiness, raceForSlots, SLOTS_PER_STAFF, STAFF, START } from './slot-race.ts';
import { seededBusiness } from '../slots/seeded-business.ts';
import { median, openBenchDatabase } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';

const POOL = 20;
const DAY = 86_400_000;

async function bookingsUnderContention() {
  const race = await raceBusiness(db.orm.em.fork(), 'contended');
  // As main.ts builds it: each process keeps the schedule facts its bookings read.
  const ctx: UseCaseContext = { orm: db.orm, now: () => START - DAY, conversations: postgresConversationStore(db.orm), scheduleFacts: availabilityCache() };
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const result = await raceForSlots(race, async (customerId, slot) => {
    try {
      await createBooking(ctx, race.businessId, { kind: 'business', userId: null }, { customerId, serviceId: race.serviceId, staffId: slot.staffId, startsAt: slot.startsAt });
      return 'booked';
    } catch (error) {
      if (!(error instanceof SlotTaken)) {
        failed += 1;
        // Anything but SlotTaken is a bug or a stalled machine: show the first one.
        if (failed === 1) console.error('first unexpected error:', error);
      }
      return 'taken';
    }
  });
  const cpu = process.cpuUsage(cpu0);
  return { booked: result.booked, taken: result.taken - failed, failed, perSecond: result.booked / result.seconds, nodeCpuShare: (cpu.user + cpu.system) / 1e6 / result.seconds };
}

// Lapsed holds another customer's booking does not need to touch: the same staff, other times.
const LAPSED_HOLDS = 1_000;

/**
 * The same race in a business that also has {@link LAPSED_HOLDS} lapsed holds nobody has
 * swept yet (same staff, days after the raced slots). A booking releases only the lapsed
 * holds in its own way, so none of these is touched by the bookings: they stay the
 * hold-expiry sweep's work. (Before, each booking released up to 100 of the business's
 * lapsed holds and offered their slots to the waitlist inside its own transaction.)
 */
async function bookingsBesideLapsedHolds() {
  const race = await raceBusiness(db.orm.em.fork(), 'lapsed-holds');
  const staffIds = [...new Set(race.slots.map((s) => s.staffId))];
  const connection = db.orm.em.getConnection();
  const rows = Array.from({ length: LAPSED_HOLDS }, (_, i) => {
    const startsAt = new Date(START + 4 * DAY + i * 30 * 60_000);
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
    return [randomUUID(), race.businessId, race.serviceId, staffIds[i % staffIds.length]!, race.customerIds[i % race.customerIds.length]!, startsAt, endsAt, new Date(START - 2 * DAY)];
  });
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await connection.execute(
      `insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until, status, hold_expires_at,
                            price_minor, currency, source, created_at, updated_at)
       values ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?, 1000, 'EUR', 'telegram', now(), now())").join(',')}`,
      chunk.flatMap(([id, business, service, staff, customer, startsAt, endsAt, expired]) => [id, business, service, staff, customer, startsAt, endsAt, startsAt, endsAt, expired]),
    );
  }
  const ctx: UseCaseContext = { orm: db.orm, now: () => START - DAY, conversations: postgresConversationStore(db.orm), scheduleFacts: availabilityCache() };
  const result = await raceForSlots(race, async (customerId, slot) => {
    try {
      await createBooking(ctx, race.businessId, { kind: 'business', userId: null }, { customerId, serviceId: race.serviceId, staffId: slot.staffId, startsAt: slot.startsAt });
      return 'booked';
    } catch (error) {
      if (error instanceof SlotTaken) return 'taken';
      throw error;
    }
  });
  const [left] = await connection.execute<{ n: number }[]>(`select count(*)::int as n from booking where business_id = ? and status = 'held'`, [race.businessId]);
  return { booked: result.booked, perSecond: result.booked / result.seconds, releasedByBookings: LAPSED_HOLDS - (left?.n ?? 0) };
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
  const ctx: UseCaseContext = { orm: db.orm, now: () => now, conversations: postgresConversationStore(db.orm) };
  const query = { serviceId: cut.id, staffId: null, from: now, to: now + 30 * DAY };
  const samples: number[] = [];
  const loads: number[] = [];
  const selects: number[] = [];
  const computes: number[] = [];
  let slots = 0;
  // The in-run reference: one plain SELECT of the booking rows the loader reads (every
  // column, no JSON, no shaping), plus the slot computation on the loaded input alone.
  const margin = 2 * DAY;
  const plainSelect = () =>
    connection.execute(
      `select * from booking where business_id = ? and status in ('held', 'pending', 'confirmed')
          and tstzrange(blocked_from, blocked_until, '[)') && tstzrange(?, ?, '[)')`,
      [business.id, new Date(query.from - margin), new Date(query.to + margin)],
    );
  for (let i = 0; i < 60; i += 1) {
    const t0 = performance.now();
    const result = await listAvailability(ctx, business.id, query);
    const t1 = performance.now();
    const loaded = await loadAvailability(emForBusiness(db.orm, business.id), business.id, query, now);
    const t2 = performance.now();
    await plainSelect();
    const t3 = performance.now();
    findFreeSlots(loaded.input, { from: query.from, to: query.to, labelZone: zone });
    const t4 = performance.now();
    if (i >= 10) {
      samples.push(t1 - t0);
      loads.push(t2 - t1);
      selects.push(t3 - t2);
      computes.push(t4 - t3);
    }
    slots = result.slots.length;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: median(samples),
    p95: sorted[Math.floor(sorted.length * 0.95)]!,
    runs: samples.length,
    slots,
    loadMedian: median(loads),
    selectMedian: median(selects),
    computeMedian: median(computes),
    rows: ((await plainSelect()) as unknown[]).length,
  };
}

const db = await openBenchDatabase(POOL);
console.log(`bench/booking — Node ${process.version}, ${db.label}, pool ${POOL} connections`);
const rows: string[][] = [];
try {
  const contended = await bookingsUnderContention();
  const floor = await rawInsertRate(db.orm);
  const rawContended = await rawInsertUnderContention(db.orm);
  const requiredWrites = await requiredWritesUnderContention(db.orm);
  rows.push([
    `createBooking, ${CLIENTS} clients, ${STAFF * SLOTS_PER_STAFF} slots`,
    `${contended.booked} booked, ${contended.taken} taken, ${contended.failed} other; node CPU ${(contended.nodeCpuShare * 100).toFixed(0)} %`,
    contended.perSecond.toFixed(0),
    floor.toFixed(0),
    `${((contended.perSecond / floor) * 100).toFixed(1)} %`,
  ]);
  const besideLapsed = await bookingsBesideLapsedHolds();
  rows.push([
    `createBooking beside ${LAPSED_HOLDS.toLocaleString('en')} lapsed holds`,
    `${besideLapsed.booked} booked; lapsed holds released by bookings: ${besideLapsed.releasedByBookings}`,
    besideLapsed.perSecond.toFixed(0),
    floor.toFixed(0),
    `${((besideLapsed.perSecond / floor) * 100).toFixed(1)} %`,
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
      `${rawContended.booked} inserted, ${rawContended.taken} collided = ${((rawContended.perSecond / floor) * 100).toFixed(1)} % of the floor; ` +
      `createBooking at ${((contended.perSecond / rawContended.perSecond) * 100).toFixed(1)} % of it`,
  );
  console.log(
    `reference: the rows createBooking must write (booking + 2 audit + 2 outbox), one hand-written statement, no rules, same race: ` +
      `${requiredWrites.perSecond.toFixed(0)}/s = ${((requiredWrites.perSecond / floor) * 100).toFixed(1)} % of the floor; ` +
      `createBooking at ${((contended.perSecond / requiredWrites.perSecond) * 100).toFixed(1)} % of it, beside lapsed holds ${((besideLapsed.perSecond / requiredWrites.perSecond) * 100).toFixed(1)} %`,
  );
  const reference = availability.selectMedian + availability.computeMedian;
  console.log(
    `reference: one plain SELECT of the same ${availability.rows} booking rows ${availability.selectMedian.toFixed(1)} ms + the slot computation alone ${availability.computeMedian.toFixed(1)} ms = ${reference.toFixed(1)} ms; ` +
      `list-availability at ${(availability.median / reference).toFixed(2)}× it`,
  );
  const shareOfB = contended.perSecond / requiredWrites.perSecond;
  console.log(
    `targets (issue 20): createBooking ≥ 25 % of reference B (${(shareOfB * 100).toFixed(1)} %: ${shareOfB >= 0.25 ? 'met' : 'NOT met'}); ` +
      `list-availability ≤ 2× its reference (${availability.median <= 2 * reference ? 'met' : 'NOT met'}); median ≤ 30 ms (${availability.median <= 30 ? 'met' : 'NOT met'})`,
  );
  const referenceB = { name: 'reference B: booking + 2 audit + 2 outbox rows, one statement, same race', value: requiredWrites.perSecond, unit: 'bookings/s' };
  record({ bench: 'booking', figure: `createBooking, ${CLIENTS} clients racing for ${STAFF * SLOTS_PER_STAFF} slots`, value: contended.perSecond, unit: 'bookings/s', reference: referenceB, ratio: shareOfB, target: '≥ 25 % of reference B', met: shareOfB >= 0.25 });
  record({ bench: 'booking', figure: `createBooking beside ${LAPSED_HOLDS} lapsed holds`, value: besideLapsed.perSecond, unit: 'bookings/s', reference: referenceB });
  record({
    bench: 'booking',
    figure: 'list-availability via PostgreSQL (20 staff, 10,000 bookings, 30 days): median',
    value: availability.median,
    unit: 'ms',
    reference: { name: 'one plain SELECT of the same booking rows + the slot computation alone, medians', value: reference, unit: 'ms' },
    target: '≤ 2× its reference; median ≤ 30 ms',
    met: availability.median <= 2 * reference && availability.median <= 30,
  });
} finally {
  await db.close();
}
