/** A waitlist entry as use cases return it. */
export interface WaitlistView {
  id: string;
  serviceId: string;
  staffId: string | null;
  fromDate: string;
  toDate: string;
  status: string;
  offerBookingId: string | null;
}

/** A waitlist entry row as a {@link WaitlistView}. */
export function toWaitlistView(e: { id: string; service: { id: string }; staffMember?: { id: string } | null; fromDate: string; toDate: string; status: string; offerBooking?: { id: string } | null }): WaitlistView {
  return {
    id: e.id,
    serviceId: e.service.id,
    staffId: e.staffMember?.id ?? null,
    fromDate: e.fromDate,
    toDate: e.toDate,
    status: e.status,
    offerBookingId: e.offerBooking?.id ?? null,
  };
}
