import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BookingSchema } from './booking.ts';
import { BusinessSchema } from './business.ts';
import { CustomerSchema } from './customer.ts';
import { StaffMemberSchema } from './staff-member.ts';

/** A customer's 1–5 rating (and optional comment) of one appointment. One per booking. */
export const ReviewSchema = defineEntity({
  name: 'Review',
  tableName: 'review',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    booking: () => p.manyToOne(BookingSchema).ref().unique().deleteRule('cascade'),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('cascade'),
    staffMember: () => p.manyToOne(StaffMemberSchema).ref().deleteRule('cascade'),
    rating: p.smallint(),
    comment: p.text().default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [{ name: 'review_rating_range', expression: 'rating >= 1 and rating <= 5' }],
  // By customer: a customer card deleted (merged) takes its reviews along.
  indexes: [{ name: 'review_staff_idx', properties: ['business', 'staffMember', 'createdAt'] }, { name: 'review_customer_idx', properties: ['customer'] }],
});

/** A review row. */
export type Review = InferEntity<typeof ReviewSchema>;
