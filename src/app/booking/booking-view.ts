import { z } from 'zod';
import { AWAITING_REASONS, BOOKING_SOURCES, type Booking } from '../../db/entities/index.ts';
import { BOOKING_STATUSES } from '../../domain/booking-status.ts';

/** A booking as use cases return it: plain data, safe to serialise, no ORM objects. */
export interface BookingView {
  id: string;
  status: Booking['status'];
  awaiting: Booking['awaiting'];
  serviceId: string;
  staffId: string;
  resourceId: string | null;
  customerId: string;
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  holdExpiresAt: number | null;
  priceMinor: number;
  discountMinor: number;
  depositMinor: number;
  currency: string;
  source: Booking['source'];
  cancelledBy: string | null;
  cancelReason: string | null;
}

/** Copies the fields a caller may see out of a booking entity. */
export function toBookingView(b: Booking): BookingView {
  return {
    id: b.id,
    status: b.status,
    awaiting: b.awaiting ?? null,
    serviceId: b.service.id,
    staffId: b.staffMember.id,
    resourceId: b.resource?.id ?? null,
    customerId: b.customer.id,
    startsAt: b.startsAt.getTime(),
    endsAt: b.endsAt.getTime(),
    holdExpiresAt: b.holdExpiresAt?.getTime() ?? null,
    priceMinor: b.priceMinor,
    discountMinor: b.discountMinor,
    depositMinor: b.depositMinor,
    currency: b.currency,
    source: b.source,
    cancelledBy: b.cancelledBy ?? null,
    cancelReason: b.cancelReason ?? null,
  };
}

const epochMs = z.number();

/**
 * A booking row's columns as hand-written SQL selects them (snake_case, instants as
 * epoch ms), read into a {@link BookingView}: the same fields `toBookingView` copies
 * from an entity, for the hot paths that read without the ORM.
 */
export const BookingViewColumns = z.object({
  id: z.string(),
  status: z.enum(BOOKING_STATUSES),
  awaiting: z.enum(AWAITING_REASONS).nullable(),
  service_id: z.string(),
  staff_member_id: z.string(),
  resource_id: z.string().nullable(),
  customer_id: z.string(),
  starts_at: epochMs,
  ends_at: epochMs,
  hold_expires_at: epochMs.nullable(),
  price_minor: z.number().int(),
  discount_minor: z.number().int(),
  deposit_minor: z.number().int(),
  currency: z.string(),
  source: z.enum(BOOKING_SOURCES),
  cancelled_by: z.string().nullable(),
  cancel_reason: z.string().nullable(),
});

/** The view of a booking row read by {@link BookingViewColumns}. */
export function bookingViewFromColumns(r: z.output<typeof BookingViewColumns>): BookingView {
  return {
    id: r.id,
    status: r.status,
    awaiting: r.awaiting,
    serviceId: r.service_id,
    staffId: r.staff_member_id,
    resourceId: r.resource_id,
    customerId: r.customer_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    holdExpiresAt: r.hold_expires_at,
    priceMinor: r.price_minor,
    discountMinor: r.discount_minor,
    depositMinor: r.deposit_minor,
    currency: r.currency,
    source: r.source,
    cancelledBy: r.cancelled_by,
    cancelReason: r.cancel_reason,
  };
}
