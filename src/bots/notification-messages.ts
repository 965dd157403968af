import { z } from 'zod';
import { bookingDetails, type BookingDetails } from '../app/booking/booking-details.ts';
import { businessProfile } from '../app/catalog/business-profile.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import { NotFound } from '../app/shared/app-errors.ts';
import { supportedLanguage, type Language } from '../i18n/translator.ts';
import { formatDateTime, formatDay, formatPrice, formatTime } from './engine/chat-formatting.ts';
import { choice, message, raw, say, type ChatChoice, type ChatMessage, type ChatText } from './engine/chat-message.ts';

/** A queued notification as the dispatcher hands it to a channel. */
export interface Notification {
  businessId: string;
  topic: string;
  payload: Record<string, unknown>;
  audience: 'customer' | 'team';
  locale: string | null;
}

// Changes the customer made in the chat themselves: the chat already answered them.
const SELF_SERVICE = new Set(['booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.rescheduled']);

// Topics a customer hears about in one sentence of facts (service, specialist, when).
const CUSTOMER_SENTENCE: Readonly<Record<string, string>> = {
  'booking.confirmed': 'notify.customer.confirmed',
  'booking.cancelled': 'notify.customer.cancelled',
  'booking.declined': 'notify.customer.declined',
  'booking.rescheduled': 'notify.customer.rescheduled',
  'booking.hold_expired': 'notify.customer.hold_expired',
  'booking.payment_expired': 'notify.customer.payment_expired',
  'waitlist.offer_expired': 'notify.customer.waitlist_offer_expired',
};

// Topics posted to the team as the booking post under a headline.
const TEAM_HEADLINE: Readonly<Record<string, string>> = {
  'booking.created': 'notify.team.new_booking',
  'booking.rescheduled': 'notify.team.rescheduled',
  'booking.payment_expired': 'notify.team.payment_expired',
  'booking.no_show': 'notify.team.no_show',
};

const BookingPayload = z.object({ bookingId: z.uuid(), actor: z.string().optional() }).loose();
const DigestPayload = z.object({
  date: z.iso.date(),
  staff: z.array(z.object({ name: z.string(), bookings: z.array(z.object({ startsAt: z.string(), service: z.string(), customer: z.string(), status: z.string() })) })),
});
const CustomerMessagePayload = z.object({ customerName: z.string(), phone: z.string().nullable(), text: z.string() });
const TeamReplyPayload = z.object({ text: z.string(), staffName: z.string().default('') });

/**
 * What a notification says, channel-neutral: the text in the recipient's language and
 * the buttons that act on it (reminder answers, ratings, the team's booking actions).
 * Null when there is nothing to say (the customer did it themselves in this chat, or
 * the booking is gone).
 */
export async function notificationMessage(ctx: UseCaseContext, n: Notification): Promise<ChatMessage | null> {
  const language = supportedLanguage(n.locale) ?? 'en';
  if (n.topic === 'business.daily_digest') return digest(DigestPayload.parse(n.payload), language, (await businessProfile(ctx, n.businessId)).timeZone);
  if (n.topic === 'conversation.message') {
    const p = CustomerMessagePayload.parse(n.payload);
    return message([say('notify.team.customer_message', { customer: p.customerName || '—', phone: p.phone ?? '—' }), raw(p.text), say('notify.team.reply_hint')]);
  }
  if (n.topic === 'conversation.reply') {
    const p = TeamReplyPayload.parse(n.payload);
    return message([p.staffName ? say('notify.customer.reply_from', { staff: p.staffName }) : say('notify.customer.reply'), raw(p.text)]);
  }
  const payload = BookingPayload.parse(n.payload);
  if (n.audience === 'customer' && payload.actor === 'customer' && SELF_SERVICE.has(n.topic)) return null;
  let b: BookingDetails;
  try {
    b = await bookingDetails(ctx, n.businessId, payload.bookingId);
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
  return n.audience === 'team' ? teamMessage(n, b, language) : customerMessage(n, b, language);
}

function customerMessage(n: Notification, b: BookingDetails, lang: Language): ChatMessage | null {
  const facts = { service: b.serviceName, staff: b.staffName, when: formatDateTime(b.startsAt, b.timeZone, lang) };
  const money = (minor: number) => formatPrice(minor, b.currency, lang);
  switch (n.topic) {
    case 'booking.created':
      return message([say(b.status === 'confirmed' ? 'notify.customer.booked' : 'notify.customer.requested', facts)]);
    case 'booking.approved':
      return message([say('notify.customer.approved_pay', { ...facts, deposit: money(b.depositMinor) })]);
    case 'booking.reminder':
      if (b.status !== 'confirmed' && b.status !== 'pending') return null;
      return message(
        [say('notify.customer.reminder', facts)],
        [[choice(`rm-ok:${b.id}`, say('notify.customer.reminder_ok'))], [choice(`rm-move:${b.id}`, say('chat.my.reschedule')), choice(`rm-cancel:${b.id}`, say('chat.my.cancel'))]],
      );
    case 'booking.follow_up':
      return message([say('notify.customer.follow_up', facts)], [[1, 2, 3, 4, 5].map((r) => choice(`rate:${b.id}:${r}`, raw('⭐'.repeat(r))))].map((row) => row.slice(0, 5)));
    case 'waitlist.offer': {
      const entryId = z.uuid().safeParse(n.payload['waitlistEntryId']);
      const until = typeof n.payload['offerExpiresAt'] === 'string' ? formatTime(Date.parse(n.payload['offerExpiresAt']), b.timeZone, lang) : '';
      if (!entryId.success) return null;
      return message([say('notify.customer.waitlist_offer', { ...facts, until })], [[choice(`wl-take:${entryId.data}`, say('notify.customer.waitlist_take'))]]);
    }
    default: {
      const key = CUSTOMER_SENTENCE[n.topic];
      return key ? message([say(key, facts)]) : null;
    }
  }
}

/** The post about a booking in the team chat, with the actions its status allows. Also used to redraw it after an action. */
export function teamBookingPost(b: BookingDetails, lang: Language, headline: ChatText): ChatMessage {
  const lines: ChatText[] = [
    headline,
    say('notify.team.booking_line', {
      customer: b.customerName || '—',
      phone: b.customerPhone ?? '—',
      service: b.serviceName,
      staff: b.staffName,
      when: formatDateTime(b.startsAt, b.timeZone, lang),
    }),
    say(`notify.team.status.${statusKey(b)}`),
  ];
  if (b.depositMinor > 0) lines.push(say('notify.team.deposit', { deposit: formatPrice(b.depositMinor, b.currency, lang) }));
  return message(lines, teamActions(b));
}

function statusKey(b: BookingDetails): string {
  if (b.status === 'pending') return b.awaiting === 'payment' ? 'awaiting_payment' : 'awaiting_approval';
  return b.status;
}

function teamActions(b: BookingDetails): ChatChoice[][] {
  if (b.status === 'pending' && b.awaiting === 'approval') return [[choice(`tb-approve:${b.id}`, say('notify.team.action.approve')), choice(`tb-decline:${b.id}`, say('notify.team.action.decline'))]];
  if (b.status === 'pending' && b.awaiting === 'payment') return [[choice(`tb-paid:${b.id}`, say('notify.team.action.paid')), choice(`tb-decline:${b.id}`, say('notify.team.action.decline'))]];
  if (b.status === 'confirmed') return [[choice(`tb-arrived:${b.id}`, say('notify.team.action.arrived')), choice(`tb-noshow:${b.id}`, say('notify.team.action.no_show'))]];
  return [];
}

function teamMessage(n: Notification, b: BookingDetails, lang: Language): ChatMessage | null {
  switch (n.topic) {
    case 'booking.cancelled':
      return teamBookingPost(b, lang, say(n.payload['actor'] === 'customer' ? 'notify.team.cancelled_by_customer' : 'notify.team.cancelled'));
    case 'review.received': {
      const rating = Number(n.payload['rating']);
      const comment = typeof n.payload['comment'] === 'string' ? n.payload['comment'] : '';
      const lines: ChatText[] = [say('notify.team.review', { customer: b.customerName || '—', service: b.serviceName, staff: b.staffName, stars: '⭐'.repeat(Math.max(1, Math.min(5, rating))) })];
      if (comment) lines.push(raw(comment));
      return message(lines);
    }
    default: {
      const key = TEAM_HEADLINE[n.topic];
      return key ? teamBookingPost(b, lang, say(key)) : null;
    }
  }
}

function digest(p: z.output<typeof DigestPayload>, lang: Language, zone: string): ChatMessage {
  const lines: ChatText[] = [say('notify.team.digest_title', { day: formatDay(p.date, lang) })];
  const count = p.staff.reduce((sum, s) => sum + s.bookings.length, 0);
  if (count === 0) lines.push(say('notify.team.digest_empty'));
  for (const s of p.staff) {
    lines.push(raw(`\n${s.name}`));
    for (const b of s.bookings) lines.push(raw(`• ${formatTime(Date.parse(b.startsAt), zone, lang)} ${b.service} — ${b.customer || '—'}`));
  }
  return message(lines);
}

