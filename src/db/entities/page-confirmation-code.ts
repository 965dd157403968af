import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BookingSchema } from './booking.ts';
import { BusinessSchema } from './business.ts';
import { CustomerSchema } from './customer.ts';

/** How a booking page's one-time code reached the visitor: an SMS to the phone they typed, or an e-mail. */
export const PAGE_CODE_CHANNELS = ['sms', 'email'] as const;

/**
 * A one-time code the booking page sent to a phone with too many unconfirmed bookings
 * (or to the visitor's e-mail), to let one held booking through. Only an HMAC of the
 * code is kept; it lapses at `expiresAt`, takes a few tries (`attempts`) and is used
 * once (`usedAt`). It goes with its hold.
 */
export const PageConfirmationCodeSchema = defineEntity({
  name: 'PageConfirmationCode',
  tableName: 'page_confirmation_code',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('cascade'),
    /** The hold the code lets through. */
    booking: () => p.manyToOne(BookingSchema).ref().deleteRule('cascade'),
    /** The phone the visitor typed (E.164): the booking goes through with this number only. */
    phone: p.string().length(16),
    channel: p.enum(PAGE_CODE_CHANNELS),
    /** Where the code went: the phone, or the e-mail address. */
    address: p.string().length(254),
    /** Hex HMAC-SHA256 of the code under the app secret. */
    codeHash: p.string().length(64),
    attempts: p.integer().default(0),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // By customer: a customer card deleted (merged) takes its codes along.
  indexes: [{ name: 'page_confirmation_code_booking_idx', properties: ['business', 'booking', 'createdAt'] }, { name: 'page_confirmation_code_customer_idx', properties: ['customer'] }],
});

/** A page confirmation code row. */
export type PageConfirmationCode = InferEntity<typeof PageConfirmationCodeSchema>;
