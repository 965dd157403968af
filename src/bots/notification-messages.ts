import { pendingPaymentLine, type PendingPaymentLine } from '../app/payments/pending-payment-line.ts';
import { bookingDetails, type BookingDetails } from '../app/booking/booking-details.ts';
import { businessProfile } from '../app/catalog/business-profile.ts';
import { customerStanding, type CustomerStanding } from '../app/customers/customer-standing.ts';
import { businessContact, type BusinessContact } from '../app/catalog/business-contact.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import { NotFound } from '../app/shared/app-errors.ts';
import { businessTemplates } from '../app/message-templates/template-cache.ts';
import { openPageCode } from '../app/booking-page/page-confirmation-code-secret.ts';
import { fillPlaceholders } from '../app/message-templates/template-wordings.ts';
import {
  BookingChangePayload,
  BroadcastPayload,
  CustomerMessagePayload,
  DigestPayload,
  NOTIFICATION_TOPICS,
  StaffRelinkedPayload,
  TeamChatLinkedPayload,
  TeamReplyPayload,
  WaitlistOfferPayload,
  WebhookDisabledPayload,
  CalendarTroublePayload,
  WhatsAppLoggedOutPayload,
  PageConfirmationCodePayload,
  wordingOf,
  type Audience,
  type NotificationTopic,
} from '../app/notifications/notification-topics.ts';
import { z } from 'zod';
import { supportedLanguage, type Language } from '../i18n/translator.ts';
import { formatDateTime, formatDay, formatPrice, formatTime } from './engine/chat-formatting.ts';
import { choice, message, raw, say, type ChatChoice, type ChatMessage, type ChatText } from './engine/chat-message.ts';

/** A queued notification as the dispatcher hands it to a channel. */
export interface Notification {
  businessId: string;
  topic: NotificationTopic;
  payload: Record<string, unknown>;
  audience: Audience;
  locale: string | null;
  /**
   * Say it even when the customer made the change themselves: a medium apart from the
   * chat they made it in (e-mail) has not told them yet.
   */
  evenOwnChanges?: boolean;
}

// Changes the customer made in the chat themselves: the chat already answered them.
const SELF_SERVICE: ReadonlySet<NotificationTopic> = new Set(['booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.rescheduled']);

// A booking's notification names the booking (and who acted); the rest is the topic's own.
const BookingReference = BookingChangePayload.pick({ bookingId: true }).extend({ actor: z.string().optional() }).loose();

// What each topic says comes from the topic registry, each variant by name.
const T = NOTIFICATION_TOPICS;

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
    const w = T['conversation.message'].wording.team;
    return message([say(w.main, { customer: p.customerName || '—', phone: p.phone ?? '—' }), raw(p.text), say(w.replyHint)]);
  }
  if (n.topic === 'conversation.reply') {
    const p = TeamReplyPayload.parse(n.payload);
    const w = T['conversation.reply'].wording.customer;
    return message([p.staffName ? say(w.signed, { staff: p.staffName }) : say(w.main), raw(p.text)]);
  }
  if (n.topic === 'team.chat_linked') {
    const p = TeamChatLinkedPayload.parse(n.payload);
    return message([say(T['team.chat_linked'].wording.team.main, { staff: p.staffName || '—', chat: p.chatTitle || '—' })]);
  }
  if (n.topic === 'team.staff_relinked') {
    const p = StaffRelinkedPayload.parse(n.payload);
    return message([say(T['team.staff_relinked'].wording.team.main, { staff: p.staffName })]);
  }
  if (n.topic === 'team.whatsapp_logged_out') {
    const p = WhatsAppLoggedOutPayload.parse(n.payload);
    return message([say(T['team.whatsapp_logged_out'].wording.team.main, { phone: p.phone ?? '' })]);
  }
  if (n.topic === 'webhooks.subscription_disabled') {
    const p = WebhookDisabledPayload.parse(n.payload);
    return message([say(T['webhooks.subscription_disabled'].wording.team.main, { url: p.url, reason: p.reason })]);
  }
  if (n.topic === 'calendars.connection_trouble') {
    const p = CalendarTroublePayload.parse(n.payload);
    const w = T['calendars.connection_trouble'].wording.team;
    return message([say(p.kind === 'revoked' ? w.revoked : w.main, { staff: p.staffName })]);
  }
  if (n.topic === 'page.confirmation_code') {
    // The code is sealed in the outbox; opened only to be said. Without the secret, nothing to say.
    const p = PageConfirmationCodePayload.parse(n.payload);
    const code = ctx.links ? openPageCode(ctx.links, p.sealedCode, p.codeId) : null;
    if (!code) return null;
    return message([say(T['page.confirmation_code'].wording.customer.main, { code, business: p.businessName, minutes: String(p.minutes) })]);
  }
  if (n.topic === 'broadcast.message') {
    // The business's own words, as written; every offer says how to stop them, and has a button for it.
    const p = BroadcastPayload.parse(n.payload);
    const w = T['broadcast.message'].wording.customer;
    return message([raw(p.text), say(w.main)], [[choice(`mk-off:${p.broadcastId}`, say(w.unsubscribe))]]);
  }
  const payload = BookingReference.parse(n.payload);
  if (n.audience === 'customer' && payload.actor === 'customer' && SELF_SERVICE.has(n.topic) && !n.evenOwnChanges) return null;
  let b: BookingDetails;
  try {
    // A customer reads the names as the business translated them; the team, its own.
    b = await bookingDetails(ctx, n.businessId, payload.bookingId, undefined, n.audience === 'customer' ? language : undefined);
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
  if (n.audience === 'customer') {
    // The business's own wording of a sentence in the customer's language, else the default key.
    const own = (await businessTemplates(ctx, n.businessId, b.templatesStamp)).get(language);
    const worded: Wording = (key, params) => {
      const text = own?.get(key);
      return text === undefined ? say(key, params) : raw(fillPlaceholders(text, params));
    };
    return customerMessage(n, b, language, n.topic === 'booking.reminder' ? await businessContact(ctx, n.businessId) : null, worded);
  }
  const payment = b.status === 'pending' && b.awaiting === 'payment' ? await pendingPaymentLine(ctx, n.businessId, b.id) : null;
  return teamMessage(n, b, language, payment, await customerStanding(ctx, n.businessId, b.customerId));
}

// A customer sentence by its key: the business's template when it has one (`src/app/message-templates`).
type Wording = (key: string, params: Readonly<Record<string, string | number>>) => ChatText;

function customerMessage(n: Notification, b: BookingDetails, lang: Language, contact: BusinessContact | null, sentence: Wording): ChatMessage | null {
  const facts = { service: b.serviceName, staff: b.staffName, when: formatDateTime(b.startsAt, b.timeZone, lang) };
  const money = (minor: number) => formatPrice(minor, b.currency, lang);
  switch (n.topic) {
    case 'booking.created': {
      const w = T['booking.created'].wording.customer;
      return message([sentence(b.status === 'confirmed' ? w.main : w.requested, facts)]);
    }
    case 'booking.approved':
      return message([sentence(T['booking.approved'].wording.customer.main, { ...facts, deposit: money(b.depositMinor) })]);
    case 'booking.reminder': {
      if (b.status !== 'confirmed' && b.status !== 'pending') return null;
      const w = T['booking.reminder'].wording.customer;
      const offset = Number(n.payload['offsetMinutes']);
      // A reminder inside the change cutoffs cannot offer what the policy refuses: a person can still help.
      if (contact && Number.isFinite(offset) && offset <= Math.min(contact.cancelCutoffMinutes, contact.rescheduleCutoffMinutes)) {
        const phone = contact.phone.replace(/[^\d+]/g, '');
        return message(
          [sentence(w.main, facts)],
          [[choice(`rm-ok:${b.id}`, say(w.confirmButton))], [choice(`rm-talk:${b.id}`, say('chat.reminder.message_us'))]],
          phone ? { links: [{ label: say('chat.reminder.call', { phone: contact.phone }), url: `tel:${phone}` }] } : {},
        );
      }
      return message(
        [sentence(w.main, facts)],
        [[choice(`rm-ok:${b.id}`, say(w.confirmButton))], [choice(`rm-move:${b.id}`, say('chat.my.reschedule')), choice(`rm-cancel:${b.id}`, say('chat.my.cancel'))]],
      );
    }
    case 'booking.confirmed': {
      // Confirmed by its deposit: a receipt line the customer keeps.
      const paid = Number(n.payload['amountMinor']);
      const lines: ChatText[] = [sentence(T['booking.confirmed'].wording.customer.main, facts)];
      if (n.payload['paid'] === true && Number.isInteger(paid) && paid > 0) lines.push(say('notify.customer.receipt', { amount: money(paid), ref: b.id.slice(0, 8).toUpperCase() }));
      return message(lines);
    }
    case 'booking.payment_expired': {
      // One tap books the same time again while it is free (the engine re-holds it).
      const w = T['booking.payment_expired'].wording.customer;
      return message([sentence(n.payload['notReceived'] === true ? w.notReceived : w.main, facts)], [[choice(`pe-again:${b.id}`, say('chat.pay.try_again'))]]);
    }
    case 'booking.cancelled': {
      // The team's own words to the customer (typed in the team chat), when it gave them.
      const lines: ChatText[] = [sentence(T['booking.cancelled'].wording.customer.main, facts)];
      const reason = reasonForCustomer(n.payload);
      if (reason) lines.push(say('notify.customer.cancel_reason', { reason }));
      return message(lines);
    }
    case 'booking.follow_up':
      return message([sentence(T['booking.follow_up'].wording.customer.main, facts)], [[1, 2, 3, 4, 5].map((r) => choice(`rate:${b.id}:${r}`, raw('⭐'.repeat(r))))].map((row) => row.slice(0, 5)));
    case 'waitlist.offer': {
      const offer = WaitlistOfferPayload.safeParse(n.payload);
      if (!offer.success) return null;
      const w = T['waitlist.offer'].wording.customer;
      const until = formatTime(Date.parse(offer.data.offerExpiresAt), b.timeZone, lang);
      return message([sentence(w.main, { ...facts, until })], [[choice(`wl-take:${offer.data.waitlistEntryId}`, say(w.takeButton))]]);
    }
    default: {
      const main = wordingOf(n.topic, 'customer')?.main;
      return main ? message([sentence(main, facts)]) : null;
    }
  }
}

/** The post about a booking in the team chat, with the actions its status allows. Also used to redraw it after an action. */
export function teamBookingPost(b: BookingDetails, lang: Language, headline: ChatText, payment: PendingPaymentLine | null = null, standing: CustomerStanding | null = null): ChatMessage {
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
  // Booked for someone else: the team expects that person; the note is the customer's words.
  if (b.guestName) lines.push(say('notify.team.guest', { guest: b.guestName }));
  if (b.notes) lines.push(say('notify.team.note', { note: b.notes }));
  if (b.attendanceConfirmed && b.status === 'confirmed') lines.push(say('notify.team.attendance_mark'));
  else if (b.customerRemindersOff && b.status === 'confirmed') lines.push(say('notify.team.reminders_muted'));
  // Who is coming: a first visit, or someone who missed visits before.
  if (standing && standing.noShows > 0) lines.push(say('notify.team.no_shows_before', { count: String(standing.noShows) }));
  else if (standing && standing.visits === 0) lines.push(say('notify.team.new_client'));
  if (payment && b.status === 'pending' && b.awaiting === 'payment') lines.push(paymentLine(payment, b, lang));
  else if (b.depositMinor > 0) lines.push(say('notify.team.deposit', { deposit: formatPrice(b.depositMinor, b.currency, lang) }));
  return message(lines, teamActions(b));
}

// How the deposit is being paid, so the team knows what to look for (a Kaspi transfer to which phone).
function paymentLine(p: PendingPaymentLine, b: BookingDetails, lang: Language): ChatText {
  const amount = formatPrice(p.amountMinor, p.currency, lang);
  if (p.provider === 'kaspi') return say(p.billingPhone ? 'notify.team.awaiting_kaspi_phone' : 'notify.team.awaiting_kaspi', { amount, phone: p.billingPhone ?? '', customer: b.customerName || '—' });
  return say(`notify.team.awaiting_${p.provider}`, { amount });
}

function statusKey(b: BookingDetails): string {
  if (b.status === 'pending') return b.awaiting === 'payment' ? 'awaiting_payment' : 'awaiting_approval';
  return b.status;
}

function teamActions(b: BookingDetails): ChatChoice[][] {
  if (b.status === 'pending' && b.awaiting === 'approval') return [[choice(`tb-approve:${b.id}`, say('notify.team.action.approve')), choice(`tb-decline:${b.id}`, say('notify.team.action.decline'))]];
  if (b.status === 'pending' && b.awaiting === 'payment') return [[choice(`tb-paid:${b.id}`, say('notify.team.action.paid')), choice(`tb-unpaid:${b.id}`, say('notify.team.action.not_received'))]];
  if (b.status === 'confirmed') {
    return [
      [choice(`tb-arrived:${b.id}`, say('notify.team.action.arrived')), choice(`tb-noshow:${b.id}`, say('notify.team.action.no_show'))],
      // Apart from the day-of marks: it asks for the reason the customer will read first.
      [choice(`tb-cancel:${b.id}`, say('notify.team.action.cancel'))],
    ];
  }
  return [];
}

function teamMessage(n: Notification, b: BookingDetails, lang: Language, payment: PendingPaymentLine | null, standing: CustomerStanding): ChatMessage | null {
  switch (n.topic) {
    case 'booking.cancelled': {
      const w = T['booking.cancelled'].wording.team;
      const post = teamBookingPost(b, lang, say(n.payload['actor'] === 'customer' ? w.byCustomer : w.main), payment, standing);
      const reason = reasonForCustomer(n.payload);
      if (reason) post.lines.push(say('notify.team.cancel_reason', { reason }));
      return post;
    }
    case 'booking.attendance_confirmed':
      // One line, not the whole post again: the post itself gains the mark when redrawn.
      return message([
        say(T['booking.attendance_confirmed'].wording.team.main, { customer: b.guestName || b.customerName || '—', service: b.serviceName, staff: b.staffName, when: formatDateTime(b.startsAt, b.timeZone, lang) }),
      ]);
    case 'review.received': {
      const rating = Number(n.payload['rating']);
      const comment = typeof n.payload['comment'] === 'string' ? n.payload['comment'] : '';
      const lines: ChatText[] = [say(T['review.received'].wording.team.main, { customer: b.customerName || '—', service: b.serviceName, staff: b.staffName, stars: '⭐'.repeat(Math.max(1, Math.min(5, rating))) })];
      if (comment) lines.push(raw(comment));
      return message(lines);
    }
    default: {
      const headline = wordingOf(n.topic, 'team')?.main;
      return headline ? teamBookingPost(b, lang, say(headline), payment, standing) : null;
    }
  }
}

// A cancellation's reason, when the team wrote it for the customer (`cancelBooking`'s `tellCustomer`).
function reasonForCustomer(payload: Record<string, unknown>): string | null {
  const reason = payload['reason'];
  return payload['reasonForCustomer'] === true && typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 500) : null;
}

function digest(p: z.output<typeof DigestPayload>, lang: Language, zone: string): ChatMessage {
  const w = T['business.daily_digest'].wording.team;
  const lines: ChatText[] = [say(w.main, { day: formatDay(p.date, lang) })];
  const count = p.staff.reduce((sum, s) => sum + s.bookings.length, 0);
  if (count === 0) lines.push(say(w.empty));
  const line = (b: { startsAt: string; service: string; customer: string }) => raw(`• ${formatTime(Date.parse(b.startsAt), zone, lang)} ${b.service} — ${b.customer || '—'}`);
  // What still needs the team (approval, a deposit) comes first, apart from the settled day.
  const pending = p.staff.flatMap((s) => s.bookings.filter((b) => b.status === 'pending').map((b) => ({ ...b, staff: s.name })));
  if (pending.length > 0) {
    lines.push(say('notify.team.digest_pending'));
    for (const b of pending) lines.push(raw(`• ${formatTime(Date.parse(b.startsAt), zone, lang)} ${b.service} — ${b.customer || '—'} (${b.staff})`));
  }
  for (const s of p.staff) {
    const settled = s.bookings.filter((b) => b.status !== 'pending');
    if (settled.length === 0) continue;
    lines.push(raw(`\n${s.name}`));
    for (const b of settled) lines.push(line(b));
  }
  return message(lines);
}

