import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Language, Translator } from '../../i18n/translator.ts';
import type { ChatMessage, ChatText } from '../engine/chat-message.ts';
import { textNotification } from '../text/text-notification.ts';
import type { TwilioChannelName } from './opt-out.ts';
import { truncateForSms } from './sms-segments.ts';

/**
 * The longest text each Twilio channel sends in one message. SMS: 320 characters, so a
 * Cyrillic message stays within a handful of segments (and a reminder, with its short
 * `sms.*` wording, within two); WhatsApp: Twilio's 1600-character body limit.
 */
export const TWILIO_MAX_TEXT: Record<TwilioChannelName, number> = { sms: 320, whatsapp: 1600 };

// SMS reads the short wording of a key when there is one (`sms.notify.customer.reminder`
// for `notify.customer.reminder`): every character costs, and Cyrillic costs double.
function shortWording(translator: Translator, t: ChatText): ChatText {
  if ('raw' in t || !translator.has(`sms.${t.key}`)) return t;
  return t.params ? { key: `sms.${t.key}`, params: t.params } : { key: `sms.${t.key}` };
}

/**
 * A notification as the text one Twilio channel sends to a customer's number: numbered
 * actions (which the chat remembers, so the customer's "2" answers this message), links
 * printed, within the channel's length; SMS with its short wordings.
 */
export async function twilioNotificationText(
  deps: { ctx: UseCaseContext; translator: Translator },
  to: { businessId: string; channel: TwilioChannelName; number: string },
  notice: ChatMessage,
  language: Language,
): Promise<string> {
  const max = TWILIO_MAX_TEXT[to.channel];
  const worded: ChatMessage = to.channel === 'sms' ? { ...notice, lines: notice.lines.map((l) => shortWording(deps.translator, l)) } : notice;
  const rendered = await textNotification(deps, { businessId: to.businessId, channel: to.channel, chatId: to.number }, worded, language, { maxLength: max });
  // The renderer fits the length already; the cut is a last guard, never a broken word.
  return truncateForSms(rendered.text, max);
}

/** A text of our own (opt-out confirmations, help) in a language, within the channel's length. */
export function twilioSentence(translator: Translator, language: Language, channel: TwilioChannelName, key: string, params: Record<string, string>): string {
  return truncateForSms(translator.t(language, key, params), TWILIO_MAX_TEXT[channel]);
}
