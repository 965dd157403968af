import { z } from 'zod';
import type { ServiceRow } from '../../app/catalog/list-services.ts';
import type { StaffListItem } from '../../app/catalog/list-staff.ts';
import type { AvailabilityResult } from '../../app/availability/list-availability.ts';
import type { BookingView } from '../../app/booking/booking-view.ts';
import type { DeskBooking } from '../../app/front-desk/desk-booking.ts';
import type { CustomerView } from '../../app/customers/customer-view.ts';
import type { PaymentRow } from '../../app/payments/list-payments.ts';
import { BOOKING_SOURCES, PAYMENT_PROVIDERS, PAYMENT_STATUSES } from '../../db/entities/index.ts';
import { BOOKING_STATUSES } from '../../domain/booking-status.ts';

// The answers' schemas. Each is checked against the use case's own result type below
// (the result must fit the schema), and the schema allows no other fields, so the
// contract test fails when a use case returns something the document does not say.

/** Epoch milliseconds (UTC). */
const Ms = z.number().int().describe('epoch milliseconds (UTC)');
const Uuid = z.uuid();

export const ServiceBody = z.object({
  id: Uuid,
  name: z.string(),
  durationMinutes: z.number().int(),
  priceMinor: z.number().int().describe('price in minor units (cents)'),
  currency: z.string(),
  capacity: z.number().int(),
  requiresResourceKind: z.string().nullable(),
  active: z.boolean(),
  position: z.number().int(),
});

export const StaffBody = z.object({
  id: Uuid,
  name: z.string(),
  active: z.boolean(),
  hasPhoto: z.boolean(),
  servicesCount: z.number().int(),
  workingDays: z.number().int(),
  weeklyMinutes: z.number().int(),
});

export const SlotBody = z.object({
  startsAt: Ms,
  endsAt: Ms,
  local: z.object({ date: z.string(), time: z.string() }),
  staffIds: z.array(Uuid).readonly(),
  assignedStaffId: Uuid,
  seatsLeft: z.number().int().nullable(),
});

export const AvailabilityBody = z.object({ timeZone: z.string(), slots: z.array(SlotBody).readonly() });

/** A booking as a change returns it. */
export const BookingBody = z.object({
  id: Uuid,
  status: z.enum(BOOKING_STATUSES),
  awaiting: z.enum(['approval', 'payment']).nullable(),
  serviceId: Uuid,
  staffId: Uuid,
  resourceId: Uuid.nullable(),
  customerId: Uuid,
  startsAt: Ms,
  endsAt: Ms,
  holdExpiresAt: Ms.nullable(),
  priceMinor: z.number().int(),
  discountMinor: z.number().int(),
  depositMinor: z.number().int(),
  currency: z.string(),
  source: z.enum(BOOKING_SOURCES),
  cancelledBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

/** A booking as the list and `GET /bookings/{id}` show it: with names, payment and version. */
export const BookingRecordBody = z.object({
  id: Uuid,
  startsAt: Ms,
  endsAt: Ms,
  status: z.enum(BOOKING_STATUSES),
  awaiting: z.enum(['approval', 'payment']).nullable(),
  source: z.enum(BOOKING_SOURCES),
  campaign: z.string().nullable(),
  guestName: z.string().nullable(),
  notes: z.string(),
  priceMinor: z.number().int(),
  discountMinor: z.number().int(),
  depositMinor: z.number().int(),
  currency: z.string(),
  paid: z.boolean(),
  paymentDueAt: Ms.nullable(),
  attendanceConfirmed: z.boolean(),
  seriesId: Uuid.nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int().describe('send as expectedVersion to refuse a change made on an older state'),
  createdAt: Ms,
  serviceId: Uuid,
  serviceName: z.string(),
  staffId: Uuid,
  staffName: z.string(),
  customerId: Uuid,
  customerName: z.string(),
  customerPhone: z.string().nullable(),
  remindersOff: z.boolean(),
});

export const CustomerBody = z.object({
  id: Uuid,
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  notes: z.string(),
  tags: z.array(z.string()),
  preferences: z.record(z.string(), z.unknown()),
  noShowCount: z.number().int(),
  blocked: z.boolean(),
});

export const CustomerListItemBody = z.object({
  id: Uuid,
  name: z.string(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  channels: z.array(z.string()),
  visits: z.number().int(),
  noShows: z.number().int(),
  lastVisit: Ms.nullable(),
  blocked: z.boolean(),
});

export const PaymentBody = z.object({
  id: Uuid,
  bookingId: Uuid,
  bookingStartsAt: Ms,
  service: z.string(),
  customer: z.string(),
  provider: z.enum(PAYMENT_PROVIDERS),
  status: z.enum(PAYMENT_STATUSES),
  amountMinor: z.number().int(),
  refundedMinor: z.number().int(),
  refundDueMinor: z.number().int(),
  currency: z.string(),
  createdAt: Ms,
  paidAt: Ms.nullable(),
  markedPaidBy: z.string().nullable(),
  problem: z.string().nullable(),
});

/** A list answer: the items. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
/** A page of a longer list: the items and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** The problem body of every error (RFC 9457). */
export const ProblemBody = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  alternatives: z.array(SlotBody).optional(),
});

// The use cases' results must fit the schemas (a compile error otherwise).
// (Entity-typed fields say `| undefined` where the view always writes null.)
type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };
type Fits<Result, Schema extends z.ZodType> = Defined<Result> extends z.input<Schema> ? true : never;
export const RESULTS_FIT_SCHEMAS: [
  Fits<ServiceRow, typeof ServiceBody>,
  Fits<StaffListItem, typeof StaffBody>,
  Fits<AvailabilityResult, typeof AvailabilityBody>,
  Fits<BookingView, typeof BookingBody>,
  Fits<DeskBooking, typeof BookingRecordBody>,
  Fits<CustomerView, typeof CustomerBody>,
  Fits<PaymentRow, typeof PaymentBody>,
] = [true, true, true, true, true, true, true];
