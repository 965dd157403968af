import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CHANNELS, CustomerSchema } from './customer.ts';
import { ResourceSchema } from './resource.ts';
import { ServiceSchema } from './service.ts';
import { StaffMemberSchema } from './staff-member.ts';

/** Booking lifecycle states; held, pending and confirmed are "active" and block time. */
export const BOOKING_STATUSES = ['held', 'pending', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;

/** Where a booking came from. */
export const BOOKING_SOURCES = [...CHANNELS, 'admin', 'api'] as const;

const ACTIVE = "status in ('held', 'pending', 'confirmed')";
// Two active bookings may overlap on one staff member or resource only when they are
// seats of the same group session (same `group_session_key`); a booking without a
// session key is its own session. Blocked time includes the service's buffers.
const BLOCKED = "tstzrange(blocked_from, blocked_until, '[)')";
const SESSION = 'coalesce(group_session_key, id::text)';

/**
 * An appointment: a service with a staff member (and a resource when the service
 * needs one) for a customer at a time. `startsAt`/`endsAt` is what the customer sees;
 * `blockedFrom`/`blockedUntil` add the buffers and are what PostgreSQL keeps from
 * overlapping.
 */
export const BookingSchema = defineEntity({
  name: 'Booking',
  tableName: 'booking',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    service: () => p.manyToOne(ServiceSchema).ref().deleteRule('restrict'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().deleteRule('restrict'),
    resource: () => p.manyToOne(ResourceSchema).ref().nullable().deleteRule('restrict'),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('restrict'),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    blockedFrom: p.datetime(),
    blockedUntil: p.datetime(),
    status: p.enum(BOOKING_STATUSES),
    /** When a `held` booking stops holding its slot. */
    holdExpiresAt: p.datetime().nullable(),
    /** Shared by the seats of one group session. */
    groupSessionKey: p.string().length(128).nullable(),
    priceMinor: p.integer(),
    currency: p.string().length(3),
    depositMinor: p.integer().default(0),
    source: p.enum(BOOKING_SOURCES),
    /** The same create/confirm request retried returns the same booking. */
    idempotencyKey: p.string().length(128).nullable(),
    cancelledBy: p.string().length(16).nullable(),
    cancelReason: p.text().nullable(),
    notes: p.text().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [
    { name: 'booking_times_valid', expression: 'starts_at < ends_at and blocked_from <= starts_at and blocked_until >= ends_at' },
    { name: 'booking_hold_has_expiry', expression: "status <> 'held' or hold_expires_at is not null" },
    { name: 'booking_amounts_nonnegative', expression: 'price_minor >= 0 and deposit_minor >= 0' },
    {
      name: 'booking_staff_no_overlap',
      expression: `exclude using gist (staff_member_id with =, ${BLOCKED} with &&, (${SESSION}) with <>) where (${ACTIVE})`,
    },
    {
      name: 'booking_resource_no_overlap',
      expression: `exclude using gist (resource_id with =, ${BLOCKED} with &&, (${SESSION}) with <>) where (${ACTIVE} and resource_id is not null)`,
    },
  ],
  uniques: [{ name: 'booking_business_idempotency_unique', properties: ['business', 'idempotencyKey'] }],
  indexes: [
    { name: 'booking_business_starts_idx', properties: ['business', 'startsAt'] },
    { name: 'booking_customer_idx', properties: ['customer', 'startsAt'] },
  ],
});

/** A booking row. */
export type Booking = InferEntity<typeof BookingSchema>;
