import { z } from 'zod';
import { runPreparedSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { BOOKING_DETAILS } from './booking-sql.ts';
import { bookingViewFromColumns, BookingViewColumns, type BookingView } from './booking-view.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { inLanguage, StoredTranslations } from '../catalog/name-translations.ts';

/** A booking with the names a message shows. */
export interface BookingDetails extends BookingView {
  serviceName: string;
  staffName: string;
  customerName: string;
  customerPhone: string | null;
  timeZone: string;
  /** The business's slug (links on `PUBLIC_URL` name it). */
  businessSlug: string;
  /** The promo code applied to it, as stored (null: none). */
  promoCode: string | null;
  /** The customer's note for the specialist ('' for none). */
  notes: string;
  /** Who comes, when the customer booked for someone else (null: the customer). */
  guestName: string | null;
  /** The customer answered a reminder "I'll be there". */
  attendanceConfirmed: boolean;
  /** The customer turned reminders off (the team may want to call instead). */
  customerRemindersOff: boolean;
  /** When the business last changed its message templates (epoch ms; null: never), for the template cache. */
  templatesStamp: number | null;
  /** The recurring series it is a visit of (null: a single visit). */
  seriesId: string | null;
  /** Its service needs the business's approval, or the business approves every booking. */
  needsApproval: boolean;
}

const DetailsRow = BookingViewColumns.extend({
  notes: z.string(),
  guest_name: z.string().nullable(),
  attendance_confirmed: z.boolean(),
  series_id: z.string().nullable(),
  service_name: z.string(),
  service_translations: StoredTranslations,
  needs_approval: z.boolean(),
  staff_name: z.string(),
  staff_translations: StoredTranslations,
  customer_name: z.string(),
  customer_phone: z.string().nullable(),
  customer_reminders_off: z.boolean(),
  time_zone: z.string(),
  business_slug: z.string(),
  default_locale: z.string(),
  templates_stamp: z.number().nullable(),
  promo_code: z.string().nullable(),
});

/**
 * One booking with its service, specialist and customer names, for a chat message or a
 * team post. With `customerId`, only that customer's own booking is returned; with
 * `language`, the service and specialist are named as the business translated them
 * into it (the team reads the business's own names: no language). One statement
 * (`BOOKING_DETAILS`), no unit of work: every chat step that shows a booking reads it.
 */
export async function bookingDetails(ctx: UseCaseContext, businessId: string, rawBookingId: string, customerId?: string, language?: string): Promise<BookingDetails> {
  const bookingId = Id.parse(rawBookingId);
  const [raw] = await runPreparedSql(emForBusiness(ctx.orm, businessId), BOOKING_DETAILS, { businessId, bookingId });
  if (!raw) throw new NotFound('booking');
  const row = DetailsRow.parse(raw);
  if (customerId !== undefined && row.customer_id !== customerId) throw new NotYourBooking();
  return {
    ...bookingViewFromColumns(row),
    serviceName: inLanguage(row.service_name, row.service_translations, 'name', language ?? null, row.default_locale),
    staffName: inLanguage(row.staff_name, row.staff_translations, 'name', language ?? null, row.default_locale),
    customerName: row.customer_name,
    customerPhone: row.customer_phone,
    timeZone: row.time_zone,
    businessSlug: row.business_slug,
    promoCode: row.promo_code,
    notes: row.notes,
    guestName: row.guest_name,
    attendanceConfirmed: row.attendance_confirmed,
    customerRemindersOff: row.customer_reminders_off,
    templatesStamp: row.templates_stamp,
    seriesId: row.series_id,
    needsApproval: row.needs_approval,
  };
}
