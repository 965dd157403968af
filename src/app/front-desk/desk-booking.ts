import { z } from 'zod';
import { BOOKING_SOURCES } from '../../db/entities/index.ts';
import { BOOKING_STATUSES } from '../../domain/booking-status.ts';

/** A booking as the panel's desk lists show it: the visit, its customer and what is owed. */
export interface DeskBooking {
  id: string;
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  status: (typeof BOOKING_STATUSES)[number];
  awaiting: 'approval' | 'payment' | null;
  source: (typeof BOOKING_SOURCES)[number];
  campaign: string | null;
  guestName: string | null;
  notes: string;
  priceMinor: number;
  discountMinor: number;
  depositMinor: number;
  currency: string;
  /** A payment for it came in. */
  paid: boolean;
  /** When a deposit still owed lets the slot go (epoch ms). */
  paymentDueAt: number | null;
  attendanceConfirmed: boolean;
  seriesId: string | null;
  cancelReason: string | null;
  /** The row's version: an edit names the one it was made on, so a later edit sees it changed. */
  version: number;
  createdAt: number;
  serviceId: string;
  serviceName: string;
  staffId: string;
  staffName: string;
  customerId: string;
  customerName: string;
  customerPhone: string | null;
  remindersOff: boolean;
}

const instant = z.union([z.date(), z.string()]).transform((v) => new Date(v).getTime());

// One row of the desk statements, as the driver returns it.
const DeskRow = z.object({
  id: z.string(),
  starts_at: instant,
  ends_at: instant,
  status: z.enum(BOOKING_STATUSES),
  awaiting: z.enum(['approval', 'payment']).nullable(),
  source: z.enum(BOOKING_SOURCES),
  campaign: z.string().nullable(),
  guest_name: z.string().nullable(),
  notes: z.string(),
  price_minor: z.coerce.number(),
  discount_minor: z.coerce.number(),
  deposit_minor: z.coerce.number(),
  currency: z.string(),
  attendance_confirmed_at: instant.nullable(),
  series_id: z.string().nullable(),
  version: z.coerce.number(),
  cancel_reason: z.string().nullable(),
  payment_due_at: instant.nullable(),
  created_at: instant,
  service_id: z.string(),
  service_name: z.string(),
  staff_id: z.string(),
  staff_name: z.string(),
  customer_id: z.string(),
  customer_name: z.string(),
  customer_phone: z.string().nullable(),
  reminders_off: z.boolean(),
  paid: z.boolean(),
});

/** Reads a row of a desk statement. */
export function toDeskBooking(row: unknown): DeskBooking {
  const r = DeskRow.parse(row);
  return {
    id: r.id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    awaiting: r.awaiting,
    source: r.source,
    campaign: r.campaign,
    guestName: r.guest_name,
    notes: r.notes,
    priceMinor: r.price_minor,
    discountMinor: r.discount_minor,
    depositMinor: r.deposit_minor,
    currency: r.currency,
    paid: r.paid,
    paymentDueAt: r.payment_due_at,
    attendanceConfirmed: r.attendance_confirmed_at !== null,
    seriesId: r.series_id,
    cancelReason: r.cancel_reason,
    version: r.version,
    createdAt: r.created_at,
    serviceId: r.service_id,
    serviceName: r.service_name,
    staffId: r.staff_id,
    staffName: r.staff_name,
    customerId: r.customer_id,
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
    remindersOff: r.reminders_off,
  };
}
