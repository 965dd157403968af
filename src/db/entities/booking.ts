import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CHANNELS, CustomerSchema } from './customer.ts';
import { PromoCodeSchema } from './promo-code.ts';
import { ResourceSchema } from './resource.ts';
import { ServiceSchema } from './service.ts';
import { StaffMemberSchema } from './staff-member.ts';
import { BOOKING_STATUSES } from '../../domain/booking-status.ts';

/** What a pending booking waits for. */
export const AWAITING_REASONS = ['approval', 'payment'] as const;

/** Where a booking came from: a chat channel, the panel, the API, or the public booking page (and its widget). */
export const BOOKING_SOURCES = [...CHANNELS, 'admin', 'api', 'page'] as const;

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
    /** What a `pending` booking waits for. */
    awaiting: p.enum(AWAITING_REASONS).nullable(),
    /** When a `held` booking stops holding its slot. */
    holdExpiresAt: p.datetime().nullable(),
    /** When a booking awaiting its deposit gives its slot back if still unpaid. */
    paymentDueAt: p.datetime().nullable(),
    /** Shared by the seats of one group session. */
    groupSessionKey: p.string().length(128).nullable(),
    /** Seats this booking takes in its group session. */
    seats: p.integer().default(1),
    /**
     * The resource takes several bookings at once (capacity > 1): its overlaps are
     * counted by the booking use cases under a lock instead of being excluded.
     */
    resourceShared: p.boolean().default(false),
    /** The chat conversation that holds this slot: one live hold per conversation. */
    conversationKey: p.string().length(200).nullable(),
    promoCode: () => p.manyToOne(PromoCodeSchema).ref().nullable().deleteRule('restrict'),
    discountMinor: p.integer().default(0),
    priceMinor: p.integer(),
    currency: p.string().length(3),
    depositMinor: p.integer().default(0),
    source: p.enum(BOOKING_SOURCES),
    /** The same create/confirm request retried returns the same booking. */
    idempotencyKey: p.string().length(128).nullable(),
    cancelledBy: p.string().length(16).nullable(),
    cancelReason: p.text().nullable(),
    notes: p.text().default(''),
    /** The campaign of the link the customer came by (a `/start` deep link); null: none. */
    campaign: p.string().length(32).nullable(),
    /** When the customer answered a reminder with "I'll be there" (null: not yet). */
    attendanceConfirmedAt: p.datetime().nullable(),
    /** Who comes, when the customer booked for someone else (a child, a friend); null: the customer. */
    guestName: p.string().length(100).nullable(),
    /** The recurring series this booking is one visit of (the same id on each); null: a single visit. */
    seriesId: p.uuid().nullable(),
    /**
     * The slot this booking gave back is still to be offered to the waitlist: a lapsed
     * hold released inside another customer's booking is offered by the hold-expiry
     * sweep, not in that customer's transaction.
     */
    waitlistOfferDue: p.boolean().default(false),
    /** Bumped on every change; also numbers the change in outbox keys. */
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [
    { name: 'booking_times_valid', expression: 'starts_at < ends_at and blocked_from <= starts_at and blocked_until >= ends_at' },
    { name: 'booking_hold_has_expiry', expression: "status <> 'held' or hold_expires_at is not null" },
    { name: 'booking_amounts_nonnegative', expression: 'price_minor >= 0 and deposit_minor >= 0 and discount_minor >= 0' },
    { name: 'booking_seats_positive', expression: 'seats >= 1' },
    // One service long (5–1440 minutes): the desk calendar reads from 24 hours before its range.
    { name: 'booking_length_in_a_day', expression: "ends_at - starts_at <= '24:00:00'::interval" },
    {
      name: 'booking_staff_no_overlap',
      expression: `exclude using gist (staff_member_id with =, ${BLOCKED} with &&, (${SESSION}) with <>) where (${ACTIVE})`,
    },
    {
      name: 'booking_resource_no_overlap',
      expression: `exclude using gist (resource_id with =, ${BLOCKED} with &&, (${SESSION}) with <>) where (${ACTIVE} and resource_id is not null and not resource_shared)`,
    },
  ],
  uniques: [
    { name: 'booking_business_idempotency_unique', properties: ['business', 'idempotencyKey'] },
    {
      name: 'booking_one_hold_per_conversation',
      expression:
        "create unique index booking_one_hold_per_conversation on booking (business_id, conversation_key) where status = 'held' and conversation_key is not null",
    },
  ],
  indexes: [
    { name: 'booking_business_starts_idx', properties: ['business', 'startsAt'] },
    {
      name: 'booking_payment_due_idx',
      expression: "create index booking_payment_due_idx on booking (business_id, payment_due_at) where status = 'pending' and awaiting = 'payment'",
    },
    {
      name: 'booking_live_holds_idx',
      expression: "create index booking_live_holds_idx on booking (business_id, hold_expires_at) where status = 'held'",
    },
    { name: 'booking_customer_idx', properties: ['customer', 'startsAt'] },
    {
      name: 'booking_waitlist_offer_due_idx',
      expression: 'create index booking_waitlist_offer_due_idx on booking (business_id) where waitlist_offer_due',
    },
    {
      name: 'booking_series_idx',
      expression: 'create index booking_series_idx on booking (business_id, series_id, starts_at) where series_id is not null',
    },
    // The panel's Today page polls for "anything changed since": the latest change per business.
    { name: 'booking_business_updated_idx', properties: ['business', 'updatedAt'] },
    // Appointments by their end, for the follow-up and unattended no-show sweeps.
    {
      name: 'booking_ended_idx',
      expression: "create index booking_ended_idx on booking (business_id, ends_at) where status in ('confirmed', 'completed')",
    },
    // A promo code's uses so far.
    { name: 'booking_promo_code_idx', expression: 'create index booking_promo_code_idx on booking (promo_code_id) where promo_code_id is not null' },
  ],
});

/** A booking row. */
export type Booking = InferEntity<typeof BookingSchema>;
