import type { EntityManager } from '@mikro-orm/postgresql';
import { BusinessSchema, CustomerSchema, ServiceSchema, StaffMemberSchema, WorkingHoursSchema } from '../../src/db/entities/index.ts';

/** How many clients race, for how many slots (staff × slots each). */
export const CLIENTS = 100;
export const STAFF = 10;
export const SLOTS_PER_STAFF = 100;
/** Monday 2030-01-07 00:00 UTC: the first slot. */
export const START = Date.UTC(2030, 0, 7);
const SLOT_MS = 30 * 60_000;

/** A slot the clients race for. */
export interface Slot {
  staffId: string;
  startsAt: number;
  endsAt: number;
}

/** A business for one race: staff working around the clock, one 30-minute service, its clients. */
export interface RaceBusiness {
  businessId: string;
  serviceId: string;
  customerIds: string[];
  slots: Slot[];
}

/** Creates a business whose staff work around the clock, with one 30-minute service and {@link CLIENTS} customers. */
export async function raceBusiness(em: EntityManager, slug: string): Promise<RaceBusiness> {
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
  const slots = staff.flatMap((s) => Array.from({ length: SLOTS_PER_STAFF }, (_, k) => ({ staffId: s.id, startsAt: START + k * SLOT_MS, endsAt: START + (k + 1) * SLOT_MS })));
  return { businessId: business.id, serviceId: service.id, customerIds: customers.map((c) => c.id), slots };
}

/** What one attempt at a slot came to: booked, or someone else had it. */
export type Attempt = 'booked' | 'taken';

/**
 * Every client takes a random open slot until none is left; a slot leaves the open list
 * once someone has tried it, so clients collide on purpose whenever two pick the same
 * slot at once. The same seed every run: every run races the same way.
 */
export async function raceForSlots(race: RaceBusiness, attempt: (customerId: string, slot: Slot) => Promise<Attempt>): Promise<{ booked: number; taken: number; seconds: number }> {
  const open = [...race.slots];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let booked = 0;
  let taken = 0;
  const t0 = performance.now();
  await Promise.all(
    race.customerIds.map(async (customerId) => {
      while (open.length > 0) {
        const slot = open[Math.floor(random() * open.length)]!;
        if ((await attempt(customerId, slot)) === 'booked') booked += 1;
        else taken += 1;
        const index = open.indexOf(slot);
        if (index >= 0) open.splice(index, 1);
      }
    }),
  );
  return { booked, taken, seconds: (performance.now() - t0) / 1000 };
}
