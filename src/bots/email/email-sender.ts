import { bookingCalendarEntryOf } from '../../app/calendars/booking-calendar-entry.ts';
import { bookingIcs } from '../../app/calendars/booking-ics.ts';
import { bookingManageUrl } from '../../app/booking-page/booking-manage-link.ts';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import { emailBounceAddress } from '../../app/notifications/email-bounce-address.ts';
import { emailRecipient, emailUnsubscribeUrl, markEmailBounced } from '../../app/notifications/email-recipients.ts';
import { EmailRejected, type EmailTransport } from '../../app/notifications/email-transport.ts';
import { addressedTopics } from '../../app/notifications/notification-topics.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { supportedLanguage, type Language, type Translator } from '../../i18n/translator.ts';
import { notificationMessage } from '../notification-messages.ts';
import { renderPlainText } from '../text/plain-text.ts';

/** What the e-mail channel needs: the context (with `links`), words, and the SMTP transport. */
export interface EmailSenderDeps {
  ctx: UseCaseContext;
  translator: Translator;
  transport: EmailTransport;
  /**
   * The domain of the customers' bounce addresses (EMAIL_BOUNCE_DOMAIN): each mail to a
   * customer goes out with the envelope sender `bounces+<signed token>@<domain>`, where a
   * bounce report comes back naming whose mail it was. Unset: the envelope
   * sender is MAIL_FROM's address.
   */
  bounceDomain?: string | undefined;
}

// Mail servers take many connections; one customer's mails are spaced a little.
const LIMITS = { perSecond: 10, perChatIntervalMs: 1_000 };
const MAX_SEND_MS = 40_000;

/**
 * The outbox's sender for e-mail: the same notification the customer reads in their
 * chat (same topic registry, same wording and templates, in their language), as a
 * plain-text and simple HTML mail with the booking's `.ics` attached (its UID the
 * booking's, so a change updates the calendar event), a link to manage the booking and
 * a one-click unsubscribe (`List-Unsubscribe`). An address that asked for no more mail
 * or bounced gets nothing (the delivery counts as done); a hard bounce marks the
 * address and fails for good; anything else is retried by the dispatcher. With a bounce
 * domain, the envelope sender is the customer's signed bounce address, so a bounce
 * report that comes back later marks the address too.
 */
export function emailSender(deps: EmailSenderDeps): ChannelSender {
  const { ctx, translator } = deps;
  return {
    channel: 'email',
    limits: LIMITS,
    maxSendMs: MAX_SEND_MS,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      if (ADDRESSED.includes(m.topic)) return sendToAddress(deps, m);
      const customerId = typeof m.payload['customerId'] === 'string' ? m.payload['customerId'] : '';
      const recipient = await emailRecipient(ctx, m.businessId, customerId);
      if (!recipient || recipient.stopped) return { ok: true };
      const content = await notificationMessage(ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale, evenOwnChanges: true });
      if (!content) return { ok: true };
      const language: Language = supportedLanguage(m.locale) ?? 'en';
      const t = (key: string, values: Record<string, string> = {}) => translator.t(language, key, values);
      const body = renderPlainText(translator, language, { ...content, choices: [] }, { maxLength: 20_000 }).text;
      const links = ctx.links;
      const bookingId = typeof m.payload['bookingId'] === 'string' ? m.payload['bookingId'] : null;
      const manage = links && bookingId && m.topic !== 'booking.cancelled' && m.topic !== 'booking.declined' ? bookingManageUrl(links, recipient.slug, bookingId) : null;
      const unsubscribe = links ? emailUnsubscribeUrl(links, recipient.slug, m.businessId, customerId) : null;
      const footer = [manage ? t('email.manage', { url: manage }) : '', unsubscribe ? t('email.unsubscribe', { url: unsubscribe }) : ''].filter((l) => l !== '');
      const text = [body, '', ...footer].join('\n');
      const entry = bookingId ? await bookingCalendarEntryOf(ctx, m.businessId, bookingId) : null;
      try {
        await deps.transport.sendEmail({
          to: recipient.email,
          subject: t(`email.subject.${m.topic.replace('booking.', '')}`, { business: recipient.businessName }),
          text,
          html: simpleHtml(text),
          ...(links && deps.bounceDomain ? { returnPath: emailBounceAddress(links.secret, deps.bounceDomain, m.businessId, customerId, recipient.email) } : {}),
          ...(unsubscribe ? { headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
          ...(entry
            ? { attachments: [{ filename: 'booking.ics', contentType: 'text/calendar; charset=utf-8', content: bookingIcs(entry, (key, values) => translator.t(entry.language, `calendar_file.${key}`, values), ctx.now()) }] }
            : {}),
        });
        return { ok: true };
      } catch (error) {
        if (error instanceof EmailRejected) {
          await markEmailBounced(ctx, m.businessId, customerId, error.message);
          return { ok: false, error: `the address was refused: ${error.message}`, permanent: true };
        }
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

// The topics sent to the address in their payload (a booking page's code): no unsubscribe, no calendar file.
const ADDRESSED = addressedTopics();

// A one-time code to the address the visitor typed (`chatId`): what it says, nothing more.
async function sendToAddress(deps: EmailSenderDeps, m: OutgoingMessage): Promise<SendOutcome> {
  const content = await notificationMessage(deps.ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale, evenOwnChanges: true });
  if (!content) return { ok: true };
  const language: Language = supportedLanguage(m.locale) ?? 'en';
  const text = renderPlainText(deps.translator, language, { ...content, choices: [] }, { maxLength: 20_000 }).text;
  const business = typeof m.payload['businessName'] === 'string' ? m.payload['businessName'] : '';
  try {
    await deps.transport.sendEmail({ to: m.chatId, subject: deps.translator.t(language, `email.subject.${m.topic}`, { business }), text, html: simpleHtml(text) });
    return { ok: true };
  } catch (error) {
    if (error instanceof EmailRejected) return { ok: false, error: `the address was refused: ${error.message}`, permanent: true };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// The text as HTML paragraphs, links made clickable: nothing else, so it reads the same.
function simpleHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  const linked = escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${linked
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;
}
