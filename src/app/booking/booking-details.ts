import { BookingSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound, NotYourBooking } from '../shared/app-errors.ts';
import { toBookingView, type BookingView } from './booking-view.ts';
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
}

/**
 * One booking with its service, specialist and customer names, for a chat message or a
 * team post. With `customerId`, only that customer's own booking is returned; with
 * `language`, the service and specialist are named as the business translated them
 * into it (the team reads the business's own names: no language).
 */
export async function bookingDetails(ctx: UseCaseContext, businessId: string, rawBookingId: string, customerId?: string, language?: string): Promise<BookingDetails> {
  const em = emForBusiness(ctx.orm, businessId);
  const booking = await em.findOne(BookingSchema, { id: Id.parse(rawBookingId) }, { populate: ['service', 'staffMember', 'customer', 'business', 'promoCode'] });
  if (!booking) throw new NotFound('booking');
  if (customerId !== undefined && booking.customer.id !== customerId) throw new NotYourBooking();
  const [service, staff, business] = [booking.service.getEntity(), booking.staffMember.getEntity(), booking.business.getEntity()];
  return {
    ...toBookingView(booking),
    serviceName: inLanguage(service.name, StoredTranslations.parse(service.translations), 'name', language ?? null, business.defaultLocale),
    staffName: inLanguage(staff.name, StoredTranslations.parse(staff.translations), 'name', language ?? null, business.defaultLocale),
    customerName: booking.customer.getEntity().name,
    customerPhone: booking.customer.getEntity().phone ?? null,
    timeZone: booking.business.getEntity().timeZone,
    businessSlug: booking.business.getEntity().slug,
    promoCode: booking.promoCode?.getEntity().code ?? null,
    notes: booking.notes,
    guestName: booking.guestName ?? null,
    attendanceConfirmed: Boolean(booking.attendanceConfirmedAt),
    customerRemindersOff: booking.customer.getEntity().remindersOff,
    templatesStamp: business.messageTemplatesChangedAt?.getTime() ?? null,
  };
}
