import type { MikroORM } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import {
  BusinessSchema,
  CustomerSchema,
  ResourceSchema,
  ServiceSchema,
  StaffMemberSchema,
  WorkingHoursSchema,
  type Business,
  type Service,
  type StaffMember,
} from '../../src/db/entities/index.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import { availabilityCache } from '../../src/app/availability/availability-cache.ts';

/**
 * A clock tests move by hand. Files that share one clock across tests call `reset()`
 * in `beforeEach`, so a test that moves it and then fails never shifts the next one.
 */
export interface TestClock {
  now: () => number;
  set(ms: number): void;
  advanceMinutes(minutes: number): void;
  /** Back to where the clock started. */
  reset(): void;
}

export function testClock(start: number): TestClock {
  let current = start;
  return {
    now: () => current,
    set: (ms) => (current = ms),
    advanceMinutes: (minutes) => (current += minutes * 60_000),
    reset: () => (current = start),
  };
}

/** A business ready to book: staff working every day 09:00–18:00 (Europe/Kyiv), services, customers. */
export interface BookingWorld {
  ctx: UseCaseContext;
  clock: TestClock;
  business: Business;
  staff: StaffMember[];
  haircut: Service;
  /** Needs approval. */
  consultation: Service;
  /** Group class, 3 seats. */
  yoga: Service;
  /** Needs the one room. */
  massage: Service;
  customers: string[];
  /** Epoch ms of local `HH:mm` on the booking day (the day after "now"). */
  at(time: string, dayOffset?: number): number;
}

// Monday 2031-03-03 08:00 in Kyiv. Bookings go on the following days.
const WORLD_TODAY = '2031-03-03';
export const WORLD_NOW = DateTime.fromISO(`${WORLD_TODAY}T08:00`, { zone: 'Europe/Kyiv' }).toMillis();

/**
 * Builds the world. `today` (a local date, default 2031-03-03) is where its clock
 * starts, at 08:00 in Kyiv: a world in a past year shows what depends on the wall clock.
 */
export async function makeBookingWorld(orm: MikroORM, options: { customers?: number; staff?: number; slug?: string; today?: string } = {}): Promise<BookingWorld> {
  const em = orm.em.fork();
  const business = em.create(BusinessSchema, {
    slug: options.slug ?? `world-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Kyiv Studio',
    timeZone: 'Europe/Kyiv',
    currency: 'UAH',
    minNoticeMinutes: 60,
    bookingHorizonDays: 60,
    slotStepMinutes: 30,
    holdMinutes: 10,
    cancelCutoffMinutes: 120,
    rescheduleCutoffMinutes: 120,
    waitlistOfferMinutes: 30,
  });
  const service = (name: string, extra: Partial<Service> = {}) =>
    em.create(ServiceSchema, { business, name, durationMinutes: 60, priceMinor: 60000, currency: 'UAH', ...extra });
  const haircut = service('Haircut', { bufferAfterMinutes: 0 });
  const consultation = service('Consultation', { requiresApproval: true, durationMinutes: 30 });
  const yoga = service('Yoga', { capacity: 3 });
  const massage = service('Massage', { requiresResourceKind: 'room', depositKind: 'percent', depositValue: 20 });
  em.create(ResourceSchema, { business, name: 'Room', kind: 'room' });
  const staff: StaffMember[] = [];
  for (let i = 0; i < (options.staff ?? 2); i += 1) {
    const member = em.create(StaffMemberSchema, { business, name: `Specialist ${i + 1}`, position: i });
    member.services.set([haircut, consultation, yoga, massage]);
    for (let weekday = 1; weekday <= 7; weekday += 1) em.create(WorkingHoursSchema, { business, staffMember: member, weekday, startMinute: 9 * 60, endMinute: 18 * 60 });
    staff.push(member);
  }
  const customers = Array.from({ length: options.customers ?? 4 }, (_, i) =>
    em.create(CustomerSchema, { business, name: `Customer ${i + 1}`, phone: `+38067${String(1000000 + i).padStart(7, '0')}` }),
  );
  await em.flush();
  const today = options.today ?? WORLD_TODAY;
  const clock = testClock(DateTime.fromISO(`${today}T08:00`, { zone: 'Europe/Kyiv' }).toMillis());
  return {
    ctx: { orm, now: clock.now, conversations: postgresConversationStore(orm), availabilityCache: availabilityCache(), scheduleFacts: availabilityCache(), links: { publicUrl: 'https://book.example', secret: 'world-link-secret-world-link-secret' } },
    clock,
    business,
    staff,
    haircut,
    consultation,
    yoga,
    massage,
    customers: customers.map((c) => c.id),
    at: (time, dayOffset = 1) => DateTime.fromISO(`${today}T${time}`, { zone: 'Europe/Kyiv' }).plus({ days: dayOffset }).toMillis(),
  };
}
