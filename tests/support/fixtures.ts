import type { EntityManager } from '@mikro-orm/postgresql';
import { toSlotTaken } from '../../src/db/pg-errors.ts';
import {
  BookingSchema,
  BusinessSchema,
  CustomerSchema,
  ResourceSchema,
  ServiceSchema,
  StaffMemberSchema,
  type Booking,
  type Business,
  type Customer,
  type Resource,
  type Service,
  type StaffMember,
} from '../../src/db/entities/index.ts';

let counter = 0;
const next = () => (counter += 1);

/** A business with a unique slug; flushes. */
export async function makeBusiness(em: EntityManager, overrides: Partial<Business> = {}): Promise<Business> {
  const n = next();
  const business = em.create(BusinessSchema, {
    slug: `biz-${n}-${Math.random().toString(36).slice(2, 8)}`,
    name: `Business ${n}`,
    timeZone: 'Europe/Kyiv',
    currency: 'UAH',
    ...overrides,
  });
  await em.flush();
  return business;
}

/** A service, a staff member who provides it and a customer in `business`; flushes. */
export async function makeCatalogue(
  em: EntityManager,
  business: Business,
  overrides: { service?: Partial<Service> } = {},
): Promise<{ service: Service; staff: StaffMember; otherStaff: StaffMember; customer: Customer; resource: Resource }> {
  const service = em.create(ServiceSchema, {
    business,
    name: 'Haircut',
    durationMinutes: 60,
    priceMinor: 50000,
    currency: business.currency,
    ...overrides.service,
  });
  const staff = em.create(StaffMemberSchema, { business, name: 'Olena' });
  const otherStaff = em.create(StaffMemberSchema, { business, name: 'Iryna' });
  staff.services.add(service);
  otherStaff.services.add(service);
  const customer = em.create(CustomerSchema, { business, name: 'Taras', phone: `+38050${String(1000000 + next()).slice(-7)}` });
  const resource = em.create(ResourceSchema, { business, name: 'Room 1', kind: 'room' });
  await em.flush();
  return { service, staff, otherStaff, customer, resource };
}

/** Fields for a booking row; `at` is the start, buffers widen the blocked range. */
export interface BookingDraft {
  business: Business;
  service: Service;
  staff: StaffMember;
  customer: Customer;
  at: Date;
  minutes?: number;
  bufferBefore?: number;
  bufferAfter?: number;
  status?: Booking['status'];
  resource?: Resource | null;
  groupSessionKey?: string | null;
  priceMinor?: number;
  currency?: string;
}

/** Adds a booking to the unit of work (does not flush). */
export function draftBooking(em: EntityManager, draft: BookingDraft): Booking {
  const minutes = draft.minutes ?? 60;
  const endsAt = new Date(draft.at.getTime() + minutes * 60_000);
  const status = draft.status ?? 'confirmed';
  return em.create(BookingSchema, {
    business: draft.business,
    service: draft.service,
    staffMember: draft.staff,
    customer: draft.customer,
    resource: draft.resource ?? null,
    startsAt: draft.at,
    endsAt,
    blockedFrom: new Date(draft.at.getTime() - (draft.bufferBefore ?? 0) * 60_000),
    blockedUntil: new Date(endsAt.getTime() + (draft.bufferAfter ?? 0) * 60_000),
    status,
    holdExpiresAt: status === 'held' ? new Date(draft.at.getTime() - 3600_000) : null,
    groupSessionKey: draft.groupSessionKey ?? null,
    priceMinor: draft.priceMinor ?? 50000,
    currency: draft.currency ?? 'UAH',
    source: 'admin',
  });
}

/**
 * Flushes, reporting an overlap as `SlotTaken` — for tests that insert bookings
 * directly. (Use cases map the violation once their transaction has ended instead.)
 */
export async function flushOrSlotTaken(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    throw toSlotTaken(error);
  }
}
