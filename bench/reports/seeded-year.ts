// A year of bookings for the reports benchmark, the same on every run: a seeded
// generator picks 100,000 of the half-hour slots of 20 staff members (09:00–19:00 every
// day) over 365 days, with statuses, channels, campaigns, payments, reviews and
// expenses in the mix a busy salon has; rows go in by bulk INSERT … SELECT FROM unnest.
import type { MikroORM } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WorkingHoursSchema } from '../../src/db/entities/index.ts';

/** What was seeded, for the benchmark to query. */
export interface SeededYear {
  businessId: string;
  zone: string;
  /** First and last local day of the year, both included. */
  from: string;
  to: string;
  bookings: number;
}

const ZONE = 'Europe/Kyiv';
const FIRST_DAY = '2030-01-01';
const DAYS = 365;
const STAFF = 20;
const SERVICES = 10;
const CUSTOMERS = 8000;
const SLOTS_PER_DAY = 20;
const BATCH = 10_000;

/** mulberry32: a small seeded generator, so every run inserts the same rows. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const literal = (values: readonly (string | number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : `"${v}"`)).join(',')}}`;

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of weighted) {
    if (r < weight) return value;
    r -= weight;
  }
  return weighted[weighted.length - 1]![0];
}

/** Seeds the business and its year; returns what the benchmark needs to ask for it. */
export async function seedYear(orm: MikroORM, bookingCount: number): Promise<SeededYear> {
  const random = generator(20310303);
  const em = orm.em.fork();
  const business = em.create(BusinessSchema, { slug: 'reports-bench', name: 'Reports bench', timeZone: ZONE, currency: 'UAH' });
  const services = Array.from({ length: SERVICES }, (_, i) => em.create(ServiceSchema, { business, name: `Service ${i + 1}`, durationMinutes: 30, priceMinor: 20000 + i * 5000, currency: 'UAH' }));
  const staff = Array.from({ length: STAFF }, (_, i) => em.create(StaffMemberSchema, { business, name: `Staff ${i + 1}`, position: i }));
  for (const member of staff) for (let weekday = 1; weekday <= 7; weekday += 1) em.create(WorkingHoursSchema, { business, staffMember: member, weekday, startMinute: 9 * 60, endMinute: 19 * 60 });
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => em.create(CustomerSchema, { business, name: `Customer ${i + 1}`, phone: `+38067${String(1000000 + i).padStart(7, '0')}` }));
  await em.flush();

  const connection = orm.em.getConnection();
  const first = DateTime.fromISO(FIRST_DAY, { zone: ZONE });
  // Keep each slot with the chance that fills bookingCount of them, stopping there.
  const keep = Math.min(1, (bookingCount / (DAYS * STAFF * SLOTS_PER_DAY)) * 1.02);
  const rows: { id: string; service: number; staff: number; customer: number; start: number; status: string; source: string; campaign: string | null; discount: number }[] = [];
  for (let day = 0; day < DAYS && rows.length < bookingCount; day += 1) {
    const opening = first.plus({ days: day }).set({ hour: 9 }).toMillis();
    for (let s = 0; s < STAFF && rows.length < bookingCount; s += 1) {
      for (let slot = 0; slot < SLOTS_PER_DAY && rows.length < bookingCount; slot += 1) {
        if (random() >= keep) continue;
        rows.push({
          id: uuidFrom(random),
          service: Math.floor(random() * random() * SERVICES),
          staff: s,
          customer: Math.floor(random() * CUSTOMERS),
          start: opening + slot * 30 * 60_000,
          status: pick(random, [['completed', 0.74], ['confirmed', 0.08], ['cancelled', 0.12], ['no_show', 0.05], ['pending', 0.01]] as const),
          source: pick(random, [['telegram', 0.45], ['whatsapp', 0.25], ['webchat', 0.1], ['sms', 0.05], ['admin', 0.14], ['api', 0.01]] as const),
          campaign: random() < 0.1 ? pick(random, [['spring', 0.5], ['insta', 0.3], ['flyer', 0.2]] as const) : null,
          discount: random() < 0.05 ? 2000 : 0,
        });
      }
    }
  }
  const businessId = business.id;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const iso = (ms: number) => new Date(ms).toISOString();
    await connection.execute(
      `insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                            status, price_minor, discount_minor, currency, source, campaign, created_at, updated_at)
       select u.id, '${businessId}', u.service_id, u.staff_id, u.customer_id, u.starts_at, u.starts_at + interval '30 minutes',
              u.starts_at, u.starts_at + interval '30 minutes', u.status, s.price_minor, u.discount, 'UAH', u.source, u.campaign, u.starts_at, u.starts_at
         from unnest('${literal(batch.map((r) => r.id))}'::uuid[], '${literal(batch.map((r) => services[r.service]!.id))}'::uuid[],
                     '${literal(batch.map((r) => staff[r.staff]!.id))}'::uuid[], '${literal(batch.map((r) => customers[r.customer]!.id))}'::uuid[],
                     '${literal(batch.map((r) => iso(r.start)))}'::timestamptz[], '${literal(batch.map((r) => r.status))}'::text[],
                     '${literal(batch.map((r) => r.source))}'::text[], '${literal(batch.map((r) => r.campaign))}'::text[],
                     '${literal(batch.map((r) => r.discount))}'::int[])
              as u(id, service_id, staff_id, customer_id, starts_at, status, source, campaign, discount)
         join service s on s.id = u.service_id`,
    );
  }
  // A third of completed visits paid through a provider; a fifth reviewed.
  await connection.execute(
    `insert into payment (id, business_id, booking_id, provider, amount_minor, currency, status, paid_at, refunded_minor, created_at, updated_at)
     select gen_random_uuid(), b.business_id, b.id, (array['stripe', 'kaspi', 'cash'])[1 + (get_byte(uuid_send(b.id), 0) % 3)],
            b.price_minor, b.currency, 'paid', b.starts_at, 0, b.starts_at, b.starts_at
       from booking b
      where b.business_id = '${businessId}' and b.status = 'completed' and get_byte(uuid_send(b.id), 1) < 85`,
  );
  await connection.execute(
    `insert into review (id, business_id, booking_id, customer_id, staff_member_id, rating, created_at, updated_at)
     select gen_random_uuid(), b.business_id, b.id, b.customer_id, b.staff_member_id, 1 + (get_byte(uuid_send(b.id), 2) % 5),
            b.ends_at + interval '3 hours', b.ends_at + interval '3 hours'
       from booking b
      where b.business_id = '${businessId}' and b.status = 'completed' and get_byte(uuid_send(b.id), 3) < 51`,
  );
  await connection.execute(
    `insert into expense (id, business_id, category, amount_minor, currency, spent_on, note, created_at)
     select gen_random_uuid(), '${businessId}', (array['Rent', 'Supplies', 'Wages', 'Ads'])[1 + g % 4], 50000 + (g * 7919) % 300000, 'UAH',
            date '${FIRST_DAY}' + (g % ${DAYS}), '', now()
       from generate_series(1, 600) g`,
  );
  await connection.execute('analyze');
  const last = first.plus({ days: DAYS - 1 }).toISODate()!;
  return { businessId, zone: ZONE, from: FIRST_DAY, to: last, bookings: rows.length };
}
