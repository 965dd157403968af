import type { EntityManager } from '@mikro-orm/postgresql';
import { BookingSchema, ChannelIdentitySchema, CustomerSchema, PaymentSchema, ReviewSchema, WaitlistEntrySchema, type Customer } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';

/** A customer card with what the business may see of it besides the view. */
export interface CustomerProfile extends CustomerView {
  phoneTrusted: boolean;
  remindersOff: boolean;
  followUpsOff: boolean;
  notifyChannel: string | null;
  /** They asked for no more e-mail (the unsubscribe link): only they can change that. */
  emailOptOut: boolean;
  /** Their address was refused for good (a hard bounce): no e-mail goes to it until the mark is cleared or the address changes. */
  emailBouncedAt: Date | null;
  createdAt: Date;
}

/** How the customer is known on one chat channel. */
export interface CustomerIdentity {
  channel: string;
  externalId: string;
  createdAt: Date;
}

/** One booking of the customer, with the names it was made for. */
export interface CustomerBookingRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  serviceName: string;
  staffName: string;
  priceMinor: number;
  discountMinor: number;
  depositMinor: number;
  currency: string;
  /** Where it was made: a chat channel, the panel (`admin`) or the API. */
  source: string;
  cancelReason: string | null;
  notes: string;
  createdAt: Date;
}

/** A payment asked for one of the customer's bookings. */
export interface CustomerPaymentRow {
  id: string;
  bookingId: string;
  provider: string;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  status: string;
  paidAt: Date | null;
  createdAt: Date;
}

/** A review the customer left. */
export interface CustomerReviewRow {
  id: string;
  bookingId: string;
  rating: number;
  comment: string;
  staffName: string;
  createdAt: Date;
}

/** A waitlist entry of the customer (any status). */
export interface CustomerWaitlistRow {
  id: string;
  serviceName: string;
  staffName: string | null;
  fromDate: string;
  toDate: string;
  status: string;
  createdAt: Date;
}

/** Everything the business holds about one customer: the profile page and the data export read it. */
export interface CustomerRecord {
  customer: CustomerProfile;
  identities: CustomerIdentity[];
  /** Newest first. */
  bookings: CustomerBookingRow[];
  payments: CustomerPaymentRow[];
  reviews: CustomerReviewRow[];
  waitlist: CustomerWaitlistRow[];
}

/** The customer of this business with that id (a malformed id or another business's customer is `NotFound`). */
export async function findCustomer(em: EntityManager, rawCustomerId: string): Promise<Customer> {
  const id = Id.safeParse(rawCustomerId);
  const customer = id.success ? await em.findOne(CustomerSchema, { id: id.data }) : null;
  if (!customer) throw new NotFound('customer');
  return customer;
}

/**
 * One customer's card with their chat identities, every booking (all channels, newest
 * first), payments, reviews and waitlist entries, read in one business-scoped unit.
 */
export async function customerRecord(ctx: UseCaseContext, businessId: string, rawCustomerId: string): Promise<CustomerRecord> {
  const fork = () => emForBusiness(ctx.orm, Id.parse(businessId));
  const c = await findCustomer(fork(), rawCustomerId);
  // Read side by side, each on its own unit of work (one connection per query).
  const [identities, bookings, reviews, waitlist] = await Promise.all([
    fork().find(ChannelIdentitySchema, { customer: c.id }, { orderBy: { createdAt: 'asc' } }),
    fork().find(BookingSchema, { customer: c.id }, { populate: ['service', 'staffMember'], orderBy: { startsAt: 'desc', id: 'asc' } }),
    fork().find(ReviewSchema, { customer: c.id }, { populate: ['staffMember'], orderBy: { createdAt: 'desc' } }),
    fork().find(WaitlistEntrySchema, { customer: c.id }, { populate: ['service', 'staffMember'], orderBy: { createdAt: 'desc' } }),
  ]);
  const payments = bookings.length === 0 ? [] : await fork().find(PaymentSchema, { booking: { customer: c.id } }, { orderBy: { createdAt: 'desc' } });
  return {
    customer: { ...toCustomerView(c), phoneTrusted: c.phoneTrusted, remindersOff: c.remindersOff, followUpsOff: c.followUpsOff, notifyChannel: c.notifyChannel ?? null, emailOptOut: c.emailOptOut, emailBouncedAt: c.emailBouncedAt ?? null, createdAt: c.createdAt },
    identities: identities.map((i) => ({ channel: i.channel, externalId: i.externalId, createdAt: i.createdAt })),
    bookings: bookings.map((b) => ({
      id: b.id,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      status: b.status,
      serviceName: b.service.getEntity().name,
      staffName: b.staffMember.getEntity().name,
      priceMinor: b.priceMinor,
      discountMinor: b.discountMinor,
      depositMinor: b.depositMinor,
      currency: b.currency,
      source: b.source,
      cancelReason: b.cancelReason ?? null,
      notes: b.notes,
      createdAt: b.createdAt,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      bookingId: p.booking.id,
      provider: p.provider,
      amountMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      currency: p.currency,
      status: p.status,
      paidAt: p.paidAt ?? null,
      createdAt: p.createdAt,
    })),
    reviews: reviews.map((r) => ({ id: r.id, bookingId: r.booking.id, rating: r.rating, comment: r.comment, staffName: r.staffMember.getEntity().name, createdAt: r.createdAt })),
    waitlist: waitlist.map((w) => ({
      id: w.id,
      serviceName: w.service.getEntity().name,
      staffName: w.staffMember ? w.staffMember.getEntity().name : null,
      fromDate: w.fromDate,
      toDate: w.toDate,
      status: w.status,
      createdAt: w.createdAt,
    })),
  };
}
