import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import type { ChatMessage } from '../engine/chat-message.ts';
import { notificationMessage } from '../notification-messages.ts';
import { E164 } from '../../app/channels/twilio-account.ts';
import { isOptedOut, optOut, type TwilioChannelName } from './opt-out.ts';
import { twilioAddress, type ServedNumber, type TwilioLine } from './twilio-line.ts';
import { TWILIO_MAX_SEND_MS, TwilioSendError } from './twilio-rest.ts';
import { twilioNotificationText } from './twilio-text.ts';
import { insideWhatsAppWindow, templateVariables } from './whatsapp-window.ts';

// How soon a message for a business whose number is not served (yet) is tried again.
const NOT_SERVED_RETRY_MS = 5_000;
// Twilio's 429 carries no retry-after: wait this long.
const RATE_LIMITED_RETRY_MS = 1_000;
// Twilio's error codes that no retry can fix: the number unsubscribed (21610), is not a
// phone (21211, 21614), cannot get SMS (21408, 21612), the WhatsApp window closed (63016),
// the recipient is not on WhatsApp (63003, 63024), the template is wrong (63027, 21656).
const PERMANENT = new Set([21211, 21408, 21610, 21612, 21614, 21656, 63003, 63016, 63024, 63027]);
const UNSUBSCRIBED = 21610;
const OUTSIDE_WINDOW = 63016;

/**
 * The outbox's sender for one Twilio channel (SMS or WhatsApp Business): words each
 * notification in the customer's language as numbered text (SMS with its short
 * wordings, within 320 characters) and sends it with the business's own account. A
 * number that said STOP is skipped (the delivery counts as done, nothing is sent).
 * WhatsApp outside the 24-hour window sends the topic's approved template, else falls
 * back to SMS when the business has an SMS number, else fails for good, saying why.
 * Twilio's answers map to the dispatcher's terms: 429 → later, 21610/21211/63016… →
 * permanent (21610 also records the opt-out).
 */
export function twilioSender(line: TwilioLine): ChannelSender {
  const { ctx } = line.deps;
  return {
    channel: line.channel,
    // Twilio queues each number's messages and sends them at the number's own pace; the
    // requests to its API (every business's account together) stay well under its limits.
    limits: { perSecond: 20, perChatIntervalMs: 1_000 },
    // A WhatsApp message may become a template and then an SMS: two sends at most.
    maxSendMs: 2 * TWILIO_MAX_SEND_MS,
    readyFor: (businessId) => line.forBusiness(businessId) !== undefined,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      const served = line.forBusiness(m.businessId);
      if (!served) return { ok: false, error: `the business has no Twilio ${line.channel} number connected`, notReadyForMs: NOT_SERVED_RETRY_MS };
      const to = E164.safeParse(m.chatId);
      if (!to.success) return { ok: false, error: `${m.chatId} is not a phone number Twilio ${line.channel} can write to (team chats are not served here)`, permanent: true };
      if (await isOptedOut(ctx, { businessId: m.businessId, channel: line.channel, number: to.data })) return { ok: true };
      const content = await notificationMessage(ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale });
      if (!content) return { ok: true };
      const language = supportedLanguage(m.locale) ?? supportedLanguage(served.connection.defaultLocale) ?? 'en';
      const job: Delivery = { line, served, m, to: to.data, content, language };
      if (line.channel === 'sms') return sendText(job, 'sms');
      if (await insideWhatsAppWindow(ctx, m.businessId, to.data)) {
        const sent = await sendText(job, 'whatsapp');
        // Our clock and WhatsApp's disagreed: the window had closed after all.
        if (!sent.ok && sent.error.includes(`${OUTSIDE_WINDOW}`)) return outsideWindow(job);
        return sent;
      }
      return outsideWindow(job);
    },
  };
}

interface Delivery {
  line: TwilioLine;
  served: ServedNumber;
  m: OutgoingMessage;
  to: string;
  content: ChatMessage;
  language: Language;
}

async function sendText(d: Delivery, channel: TwilioChannelName, from = d.served.number): Promise<SendOutcome> {
  const body = await twilioNotificationText(d.line.deps, { businessId: d.m.businessId, channel, number: d.to }, d.content, d.language);
  return attempt(d, channel, () => d.served.messenger.send({ from: twilioAddress(channel, from), to: twilioAddress(channel, d.to), body }));
}

// WhatsApp outside the 24-hour window: the topic's approved template, else SMS, else nothing can be sent.
async function outsideWindow(d: Delivery): Promise<SendOutcome> {
  const { connection } = d.served;
  const contentSid = connection.whatsappTemplates[d.m.topic];
  if (contentSid) {
    const variables = await templateVariables(d.line.deps.ctx, d.m, connection.businessName, d.language);
    if (!variables) return { ok: true };
    return attempt(d, 'whatsapp', () =>
      d.served.messenger.send({ from: twilioAddress('whatsapp', d.served.number), to: twilioAddress('whatsapp', d.to), contentSid, contentVariables: variables }),
    );
  }
  if (connection.smsFrom) {
    if (await isOptedOut(d.line.deps.ctx, { businessId: d.m.businessId, channel: 'sms', number: d.to })) return { ok: true };
    return sendText(d, 'sms', connection.smsFrom);
  }
  return {
    ok: false,
    error: `outside WhatsApp's 24-hour window, and the business has neither an approved template for ${d.m.topic} nor an SMS number to fall back on`,
    permanent: true,
  };
}

async function attempt(d: Delivery, channel: TwilioChannelName, send: () => Promise<string>): Promise<SendOutcome> {
  try {
    await send();
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TwilioSendError)) throw error;
    const said = `Twilio ${error.code ?? error.status ?? 'network'}: ${error.message}`;
    if (error.code === UNSUBSCRIBED) {
      // Twilio knows of a STOP we missed (sent before this number was connected): remember it.
      await optOut(d.line.deps.ctx, { businessId: d.m.businessId, channel, number: d.to });
      return { ok: false, error: said, permanent: true };
    }
    if (error.status === 429 || error.code === 20429) return { ok: false, error: said, retryAfterMs: RATE_LIMITED_RETRY_MS };
    if (error.code !== null && PERMANENT.has(error.code)) return { ok: false, error: said, permanent: true };
    // 401/403/404: the account's credentials or number are wrong — the owner must fix them; a retry later may succeed.
    return { ok: false, error: said };
  }
}
