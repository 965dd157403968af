import type { Booking } from '../../db/entities/index.ts';

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
