// Ten weeks of a busy salon for the desk benchmark, the same on every run: 20 staff
// working 09:00–19:00 Monday to Saturday, four services, 3,000 customers (Latin and
// Cyrillic names), and 10,000 bookings around a fixed "now". A seeded generator walks
// each staff member's working day and lays bookings one after another with gaps, so no
// two of a staff member's bookings overlap (the exclusion constraint holds for every
// status); past visits are mostly completed, future ones confirmed, some cancelled.
// Rows go in by bulk INSERT … SELECT FROM unnest.
import type { MikroORM } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WorkingHoursSchema } from '../../src/db/entities/index.ts';
import { seededRandom } from '../slots/seeded-business.ts';

/** What was seeded, for the benchmark to ask for. */
export interface SeededWeeks {
  businessId: string;
  slug: string;
  zone: string;
  /** The benchmark's "now" (epoch ms): a Wednesday morning in the sixth week. */
  now: number;
  staffIds: string[];
  bookings: number;
  /** The local day with the most bookings that the calendar shows (not cancelled). */
  busiestDay: { date: string; bookings: number };
  /** The specialist with the most such bookings in the busiest day's week, and how many. */
  busiestWeekLane: { staffId: string; bookings: number };
}

const ZONE = 'Europe/Kyiv';
const FIRST_MONDAY = '2031-02-03';
const WEEKS = 10;
const STAFF = 20;
const CUSTOMERS = 3000;
const BATCH = 5000;
const NOW = DateTime.fromISO('2031-03-12T10:00', { zone: ZONE }).toMillis();
const SERVICES = [
  { name: 'Haircut', minutes: 45, price: 60000 },
  { name: 'Colouring', minutes: 90, price: 150000 },
  { name: 'Manicure', minutes: 60, price: 50000 },
  { name: 'Brow shaping', minutes: 30, price: 30000 },
] as const;
const FIRST_NAMES = ['Olena', 'Dana', 'Ivan', 'Aigerim', 'Олена', 'Марія', 'Тарас', 'Айгерім', 'Sofia', 'Богдан'];

const literal = (values: readonly (string | number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : `"${v}"`)).join(',')}}`;

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of weighted) {
    if (r < weight) return value;
    r -= weight;
  }
  return weighted[weighted.length - 1]![0];
}

interface Row {
  id: string;
  service: number;
  staff: number;
  customer: number;
  start: number;
  end: number;
  status: string;
  awaiting: string | null;
  source: string;
  day: string;
}

/** Seeds the business and its ten weeks; `bookingCount` bookings are kept of the slots walked. */
export async function seedWeeks(orm: MikroORM, bookingCount: number): Promise<SeededWeeks> {
  const random = seededRandom(20310312);
  const em = orm.em.fork();
  const business = em.create(BusinessSchema, { slug: 'desk-bench', name: 'Desk bench', timeZone: ZONE, currency: 'UAH' });
  const services = SERVICES.map((s) => em.create(ServiceSchema, { business, name: s.name, durationMinutes: s.minutes, priceMinor: s.price, currency: 'UAH' }));
  const staff = Array.from({ length: STAFF }, (_, i) => em.create(StaffMemberSchema, { business, name: `Specialist ${String(i + 1).padStart(2, '0')}`, position: i }));
  for (const member of staff) {
    member.services.set(services);
    for (let weekday = 1; weekday <= 6; weekday += 1) em.create(WorkingHoursSchema, { business, staffMember: member, weekday, startMinute: 9 * 60, endMinute: 19 * 60 });
  }
  const customers = Array.from({ length: CUSTOMERS }, (_, i) =>
    em.create(CustomerSchema, { business, name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${i + 1}`, phone: `+38050${String(1000000 + i).padStart(7, '0')}` }),
  );
  await em.flush();

  // Walk every working staff-day once to count the candidate slots, then keep each with
  // the chance that leaves about bookingCount of them (stopping there).
  const first = DateTime.fromISO(FIRST_MONDAY, { zone: ZONE });
  const candidates: Omit<Row, 'id' | 'customer' | 'status' | 'awaiting' | 'source'>[] = [];
  for (let d = 0; d < WEEKS * 7; d += 1) {
    const date = first.plus({ days: d });
    if (date.weekday === 7) continue;
    for (let s = 0; s < STAFF; s += 1) {
      let minute = 9 * 60 + [0, 0, 15, 30][Math.floor(random() * 4)]!;
      for (;;) {
        const service = Math.floor(random() * SERVICES.length);
        const length = SERVICES[service]!.minutes;
        if (minute + length > 19 * 60) break;
        const start = date.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
        candidates.push({ service, staff: s, start, end: start + length * 60_000, day: date.toISODate()! });
        minute += length + [0, 0, 0, 15, 15, 30][Math.floor(random() * 6)]!;
      }
    }
  }
  const keep = Math.min(1, (bookingCount / candidates.length) * 1.03);
  const rows: Row[] = [];
  for (const c of candidates) {
    if (rows.length >= bookingCount) break;
    if (random() >= keep) continue;
    const past = c.end <= NOW;
    const status = past
      ? pick(random, [['completed', 0.82], ['no_show', 0.05], ['cancelled', 0.1], ['confirmed', 0.03]] as const)
      : pick(random, [['confirmed', 0.83], ['pending', 0.07], ['cancelled', 0.1]] as const);
    rows.push({
      ...c,
      id: uuidFrom(random),
      customer: Math.floor(random() * CUSTOMERS),
      status,
      awaiting: status === 'pending' ? 'approval' : null,
      source: pick(random, [['telegram', 0.45], ['whatsapp', 0.25], ['webchat', 0.1], ['admin', 0.2]] as const),
    });
  }

  const connection = orm.em.getConnection();
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await connection.execute(
      `insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                            status, awaiting, price_minor, discount_minor, currency, source, created_at, updated_at)
       select u.id, '${business.id}', u.service_id, u.staff_id, u.customer_id, u.starts_at, u.ends_at, u.starts_at, u.ends_at,
              u.status, u.awaiting, s.price_minor, 0, 'UAH', u.source, u.starts_at - interval '3 days', u.starts_at - interval '3 days'
         from unnest('${literal(batch.map((r) => r.id))}'::uuid[], '${literal(batch.map((r) => services[r.service]!.id))}'::uuid[],
                     '${literal(batch.map((r) => staff[r.staff]!.id))}'::uuid[], '${literal(batch.map((r) => customers[r.customer]!.id))}'::uuid[],
                     '${literal(batch.map((r) => iso(r.start)))}'::timestamptz[], '${literal(batch.map((r) => iso(r.end)))}'::timestamptz[],
                     '${literal(batch.map((r) => r.status))}'::text[], '${literal(batch.map((r) => r.awaiting))}'::text[],
                     '${literal(batch.map((r) => r.source))}'::text[])
              as u(id, service_id, staff_id, customer_id, starts_at, ends_at, status, awaiting, source)
         join service s on s.id = u.service_id`,
    );
  }

  const shown = rows.filter((r) => r.status !== 'cancelled');
  const perDay = new Map<string, number>();
  for (const r of shown) perDay.set(r.day, (perDay.get(r.day) ?? 0) + 1);
  const [busyDate, busyCount] = [...perDay].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const monday = DateTime.fromISO(busyDate, { zone: ZONE }).startOf('week');
  const weekStart = monday.toMillis();
  const weekEnd = monday.plus({ weeks: 1 }).toMillis();
  const perLane = new Array<number>(STAFF).fill(0);
  for (const r of shown) if (r.start >= weekStart && r.start < weekEnd) perLane[r.staff]! += 1;
  const lane = perLane.indexOf(Math.max(...perLane));
  return {
    businessId: business.id,
    slug: business.slug,
    zone: ZONE,
    now: NOW,
    staffIds: staff.map((s) => s.id),
    bookings: rows.length,
    busiestDay: { date: busyDate, bookings: busyCount },
    busiestWeekLane: { staffId: staff[lane]!.id, bookings: perLane[lane]! },
  };
}
