import { BookingSchema, BusinessSchema, PaymentSchema, TelegramBotSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/**
 * What the page a customer lands on after paying says: `paid` (the booking is
 * confirmed), `processing` (back from the provider's page as paid, its event still on
 * the way), `pending` (not paid yet — gave up, or still paying), `released` (too late:
 * the slot was given back). With where to go back to: the business's bot and web chat.
 */
export interface PaymentReturnView {
  businessName: string;
  brandColor: string;
  defaultLocale: string;
  state: 'paid' | 'processing' | 'pending' | 'released';
  /** The business's Telegram bot (`https://t.me/<username>`), when it has one. */
  botLink: string | null;
  /** The business's web chat path (`/chat/<slug>`). */
  chatPath: string;
}

/**
 * The return page's facts for a booking of the business with this slug, or null (no such
 * business or booking). Reads only: a customer reloading it changes nothing.
 */
export async function paymentReturn(ctx: UseCaseContext, slug: string, bookingId: string, done: boolean): Promise<PaymentReturnView | null> {
  if (!/^[0-9a-f-]{36}$/.test(bookingId)) return null;
  const business = await emAcrossBusinesses(ctx.orm).findOne(BusinessSchema, { slug });
  if (!business) return null;
  const em = emForBusiness(ctx.orm, business.id);
  const booking = await em.findOne(BookingSchema, { id: bookingId });
  if (!booking) return null;
  const payment = await em.findOne(PaymentSchema, { booking: bookingId }, { orderBy: { createdAt: 'desc' } });
  const bot = await em.findOne(TelegramBotSchema, { business: business.id });
  const paid = payment?.status === 'paid' || booking.status === 'confirmed' || booking.status === 'completed';
  const waiting = booking.status === 'pending' && booking.awaiting === 'payment';
  // Back from Checkout with `done`: the provider took the payment; its event may still be on the way.
  const state = paid ? 'paid' : waiting ? (done ? 'processing' : 'pending') : 'released';
  return {
    businessName: business.name,
    brandColor: business.brandPrimaryColor,
    defaultLocale: business.defaultLocale,
    state,
    botLink: bot?.username ? `https://t.me/${encodeURIComponent(bot.username)}` : null,
    chatPath: `/chat/${encodeURIComponent(business.slug)}`,
  };
}
