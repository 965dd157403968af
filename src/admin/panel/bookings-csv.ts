import { minorToMajorText } from '../../app/catalog/currency-amount.ts';
import type { DeskBooking } from '../../app/front-desk/desk-booking.ts';
import type { CsvCell } from './csv-download.ts';
import { statusKeyOf } from './desk-rows.ts';

/** The bookings CSV's columns, in order. */
export const BOOKINGS_CSV_HEADER = ['id', 'date', 'start', 'end', 'status', 'service', 'specialist', 'customer', 'guest', 'phone', 'channel', 'campaign', 'price', 'discount', 'deposit', 'currency', 'paid', 'cancel_reason', 'notes', 'created_at'];

/**
 * How a booking is written in the bookings CSV, for a business in `timeZone`: its local
 * date and times, status, names, money in major units, and `created_at` in UTC.
 */
export function bookingCsvRecord(timeZone: string): (b: DeskBooking) => CsvCell[] {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (b) => [
    b.id,
    date.format(b.startsAt),
    time.format(b.startsAt),
    time.format(b.endsAt),
    statusKeyOf(b),
    b.serviceName,
    b.staffName,
    b.customerName,
    b.guestName,
    b.customerPhone,
    b.source,
    b.campaign,
    minorToMajorText(b.priceMinor, b.currency),
    minorToMajorText(b.discountMinor, b.currency),
    minorToMajorText(b.depositMinor, b.currency),
    b.currency,
    b.paid ? 'yes' : 'no',
    b.cancelReason,
    b.notes,
    new Date(b.createdAt).toISOString(),
  ];
}
