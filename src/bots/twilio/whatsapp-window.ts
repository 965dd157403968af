import { z } from 'zod';
import { bookingDetails } from '../../app/booking/booking-details.ts';
import { NotFound } from '../../app/shared/app-errors.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { OutgoingMessage } from '../../app/notifications/channel-sender.ts';
import { ConversationSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { Language } from '../../i18n/translator.ts';
import { formatDateTime } from '../engine/chat-formatting.ts';
import { clipText } from '../engine/clip-text.ts';

/** WhatsApp lets a business write freely for this long after the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

// The engine stamps its state with the moment the customer last did something; a
// notification remembered in the chat (its numbered actions) saves the row too, but
// leaves this stamp alone — so it, not the row's `updatedAt`, is when they last wrote.
// A row with no state yet was never written to by the customer.
const Touched = z.object({ touchedAt: z.number().int() }).loose();

/**
 * Whether the customer wrote to the business on WhatsApp within the last 24 hours (their
 * conversation's last customer event). No conversation: they never wrote — outside.
 */
export async function insideWhatsAppWindow(ctx: UseCaseContext, businessId: string, number: string): Promise<boolean> {
  const row = await emForBusiness(ctx.orm, businessId).findOne(ConversationSchema, { business: businessId, channel: 'whatsapp', chatId: number }, { fields: ['state'] });
  const touched = Touched.safeParse(row?.state);
  return touched.success && ctx.now() - touched.data.touchedAt < WHATSAPP_WINDOW_MS;
}

/**
 * The variables an approved template is filled with. Templates the business registers
 * with Twilio number their placeholders so: for a booking, {{1}} the business, {{2}} the
 * service, {{3}} the specialist, {{4}} the date and time (in the customer's language);
 * for a team member's reply, {{1}} the business and {{2}} the reply. Null when the booking
 * is gone (nothing to remind of).
 */
export async function templateVariables(ctx: UseCaseContext, m: OutgoingMessage, businessName: string, language: Language): Promise<Record<string, string> | null> {
  const bookingId = m.payload['bookingId'];
  if (typeof bookingId !== 'string') {
    const text = m.payload['text'];
    return { '1': businessName, '2': typeof text === 'string' ? clipText(text, 1000) : '' };
  }
  try {
    const b = await bookingDetails(ctx, m.businessId, bookingId);
    return { '1': businessName, '2': b.serviceName, '3': b.staffName, '4': formatDateTime(b.startsAt, b.timeZone, language) };
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}
