// One big tenant — 20,000 customers, ~200,000 bookings over three and a half years and
// 60 days ahead, ~86,000 payments, 20,000 waitlist entries — and what runs for it on a
// timer (the sweeps), on every chat or booking (availability, a waitlist offer closed, a
// promo code counted) and on the panel's busiest pages, each the median of 7 runs beside
// the in-run reference of one booking read by its primary key. Each is meant to cost
// what it returns, not what the business has kept: a figure that grows with the
// seeded history is a lookup without its index (docs/performance.md, "at size").
import { openBenchDatabase } from '../support/bench-database.ts';
import { makeBookingWorld } from '../../tests/support/booking-world.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { queueDueReminders } from '../../src/app/notifications/queue-due-reminders.ts';
import { queueDueFollowUps } from '../../src/app/notifications/queue-due-follow-ups.ts';
import { makeDueRefunds } from '../../src/app/payments/make-due-refunds.ts';
import { listAvailability } from '../../src/app/availability/list-availability.ts';
import { closeWaitlistOffer } from '../../src/app/waitlist/offer-freed-slot.ts';
import { todayBoard } from '../../src/app/front-desk/today-board.ts';
import { deskCalendar } from '../../src/app/front-desk/desk-calendar.ts';
import { listCustomers } from '../../src/app/customers/list-customers.ts';
import { listCustomerTags } from '../../src/app/customers/customer-tags.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { BookingSchema } from '../../src/db/entities/index.ts';
import { median } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';

const db = await openBenchDatabase(4);
const w = await makeBookingWorld(db.orm, { staff: 6, customers: 2 });
const conn = db.orm.em.getConnection();
const biz = w.business.id;
const ctx = w.ctx;
// Availability read afresh each time (no answer kept between runs).
const { availabilityCache: _kept, ...uncached } = ctx;
const now = w.clock.now();
const template = await createBooking(ctx, biz, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 59) });
// Out of the generated bookings' way (a cancelled booking blocks nothing).
await conn.execute(`update booking set status = 'cancelled' where id = '${template.id}'`);
const t0 = Date.now();
const seedEm = db.orm.em.fork();
await seedEm.begin();
const seed = async (sql: string) => seedEm.getConnection().execute(sql, [], 'run', seedEm.getTransactionContext());
await seed('set local session_replication_role = replica');
await seed(`insert into customer (id, business_id, name, phone, created_at) select gen_random_uuid(), '${biz}', 'Client ' || i, '+38050' || lpad(i::text, 7, '0'), now() from generate_series(1, 20000) i`);
// Bookings: each specialist back to back every 45 minutes from ~3.5 years ago to 60 days ahead (cancelled ones too).
await seed(`
  with c as (select id, (row_number() over (order by id) - 1)::int as k from customer where business_id = '${biz}'),
  s as (select id, row_number() over () as n from staff_member where business_id = '${biz}'),
  g as (select s.id as staff_id, s.n, i, to_timestamp(${now / 1000}) - interval '1280 days' + (i * interval '45 minutes') as starts
          from s cross join generate_series(0, 33000) i)
  insert into booking select (jsonb_populate_record(null::booking, to_jsonb(b) || jsonb_build_object(
     'id', gen_random_uuid(), 'staff_member_id', g.staff_id, 'customer_id', c.id,
     'starts_at', g.starts, 'ends_at', g.starts + interval '30 minutes', 'blocked_from', g.starts, 'blocked_until', g.starts + interval '30 minutes',
     'idempotency_key', null, 'hold_expires_at', null,
     'status', case when g.i % 13 = 0 then 'cancelled' when g.starts < to_timestamp(${now / 1000}) then (case when g.i % 17 = 0 then 'no_show' else 'completed' end) else 'confirmed' end,
     'created_at', g.starts - interval '3 days', 'updated_at', g.starts))).*
    from booking b, g join c on c.k = (g.i * 7 + g.n) % 20000 where b.id = '${template.id}' and g.starts < to_timestamp(${now / 1000}) + interval '60 days'`);
await seed(`insert into payment (id, business_id, booking_id, provider, amount_minor, currency, status, paid_at, created_at, updated_at)
  select gen_random_uuid(), business_id, id, 'cash', 10000, 'UAH', 'paid', starts_at, created_at, updated_at from booking where business_id = '${biz}' and status = 'completed' and random() < 0.5`);
await seed(`insert into waitlist_entry (id, business_id, service_id, customer_id, from_date, to_date, status, created_at, updated_at)
  select gen_random_uuid(), '${biz}', '${w.haircut.id}', id, date '2028-01-01' + (i % 1000)::int, date '2028-01-01' + (i % 1000)::int + 3, case when i % 50 = 0 then 'waiting' else 'cancelled' end, now(), now()
    from (select id, row_number() over () as i from customer where business_id = '${biz}') x`);
await seedEm.commit();
await conn.execute('analyze');
const counts = await conn.execute(`select (select count(*) from booking) as bookings, (select count(*) from payment) as payments, (select count(*) from customer) as customers`);
console.log(`seeded in ${Date.now() - t0} ms:`, JSON.stringify(counts[0]));

const RUNS = 7;
async function medianOf(work: () => Promise<unknown>): Promise<number> {
  const took: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await work();
    took.push(performance.now() - started);
  }
  return median(took);
}
const pkRead = () => conn.execute(`select id, status from booking where business_id = '${biz}' and id = '${template.id}'`);
await medianOf(pkRead);
const reference = await medianOf(pkRead);
console.log(`reference: one booking read by its primary key, median ${reference.toFixed(2)} ms`);
console.log(`${'at size'.padEnd(46)} | median (ms) | × the reference`);
async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  const ms = await medianOf(work);
  console.log(`${label.padEnd(46)} | ${ms.toFixed(2).padStart(11)} | ${(ms / reference).toFixed(1).padStart(6)}×`);
  record({ bench: 'at-size', figure: label, value: ms, unit: 'ms', reference: { name: 'one booking read by its primary key, median', value: reference, unit: 'ms' } });
}
const em = () => emForBusiness(db.orm, biz);
await time('reminder sweep (queueDueReminders)', () => queueDueReminders(ctx, biz));
await time('follow-up sweep (queueDueFollowUps)', () => queueDueFollowUps(ctx, biz));
await time('refund sweep (makeDueRefunds)', () => makeDueRefunds(ctx, biz));
await time('availability, haircut, a day', () => listAvailability(uncached, biz, { serviceId: w.haircut.id, staffId: null, from: w.at('00:00', 3), to: w.at('00:00', 4) }));
await time('availability, massage (room), a day', () => listAvailability(uncached, biz, { serviceId: w.massage.id, staffId: null, from: w.at('00:00', 3), to: w.at('00:00', 4) }));
await time('close a waitlist offer (by booking)', () => em().transactional((e) => closeWaitlistOffer(e, template.id)));
await time('promo uses count (by promo code)', () => em().count(BookingSchema, { promoCode: '00000000-0000-4000-8000-000000000009', status: { $ne: 'cancelled' } }));
await time('today board (desk)', () => todayBoard(ctx, biz));
await time('desk calendar, a week', () => deskCalendar(ctx, biz, { view: 'week' }));
await time('customers list, page 1', () => listCustomers(ctx, biz, { q: '' }));
await time('customers list, search "lient 12"', () => listCustomers(ctx, biz, { q: 'lient 12' }));
await time('customer tags', () => listCustomerTags(ctx, biz));
await db.close();
