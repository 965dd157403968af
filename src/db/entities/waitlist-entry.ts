import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BOOKING_SOURCES, BookingSchema } from './booking.ts';
import { BusinessSchema } from './business.ts';
import { CustomerSchema } from './customer.ts';
import { ServiceSchema } from './service.ts';
import { StaffMemberSchema } from './staff-member.ts';

/** Where a waitlist entry stands. */
export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'expired', 'cancelled'] as const;

/**
 * A customer waiting for a service (optionally with one specialist) on a day or a
 * range of local days. When a matching slot frees up the first in line gets a
 * time-limited offer: a hold on that slot.
 */
export const WaitlistEntrySchema = defineEntity({
  name: 'WaitlistEntry',
  tableName: 'waitlist_entry',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    service: () => p.manyToOne(ServiceSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().nullable().deleteRule('cascade'),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('cascade'),
    /** First and last local date (business zone) the customer can come, inclusive. */
    fromDate: p.date(),
    toDate: p.date(),
    status: p.enum(WAITLIST_STATUSES).default('waiting'),
    /** The channel the customer asked from: an offer is a booking from there, and reaches them there. */
    source: p.enum(BOOKING_SOURCES).default('admin'),
    /** The held booking offered to this customer. */
    offerBooking: () => p.manyToOne(BookingSchema).ref().nullable().deleteRule('set null'),
    offerExpiresAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [{ name: 'waitlist_entry_dates_valid', expression: 'from_date <= to_date' }],
  indexes: [
    { name: 'waitlist_entry_queue_idx', properties: ['business', 'service', 'status', 'createdAt'] },
    // The entry an offer (a hold) belongs to, closed when the hold goes.
    { name: 'waitlist_entry_offer_idx', expression: 'create index waitlist_entry_offer_idx on waitlist_entry (offer_booking_id) where offer_booking_id is not null' },
    // A customer card deleted (merged) takes its entries along.
    { name: 'waitlist_entry_customer_idx', properties: ['customer'] },
  ],
});

/** A waitlist row. */
export type WaitlistEntry = InferEntity<typeof WaitlistEntrySchema>;
