import type { Logger } from 'pino';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { supportedLanguage, type Translator } from '../../i18n/translator.ts';
import { notificationMessage } from '../notification-messages.ts';
import { OUTSIDE_WHATSAPP_WINDOW } from '../../app/broadcasts/settle-broadcasts.ts';
import { wroteWithinWindow } from '../../app/broadcasts/whatsapp-window.ts';
import { rememberSentOutboxPost } from '../team/team-posts.ts';
import { CHAT_WROTE_FIRST } from './whatsapp-auth-sql.ts';
import { SEND_TIMEOUT_MS } from './connection-rules.ts';
import { deliverPlainText } from './whatsapp-delivery.ts';
import { render } from './whatsapp-inbound.ts';
import type { WhatsAppNumber } from './whatsapp-number.ts';

// How soon a message for a number that is not connected (or is busy pacing) is looked at again.
const NOT_CONNECTED_RETRY_MS = 5_000;
/** The longest a send waits for the number's pace before giving the delivery back for later. */
export const MAX_PACE_WAIT_MS = 4_000;

/**
 * The dispatcher's pace for WhatsApp in a process: a few messages a second over all
 * numbers, and a chat at most every 3 s. Each number also keeps its own slower pace
 * with jitter (`outbound-pace.ts`) inside `send`.
 */
export const WHATSAPP_LIMITS: ChannelSender['limits'] = { perSecond: 2, perChatIntervalMs: 3_000 };

/**
 * The outbox's channel for linked WhatsApp numbers: words each notification in the
 * recipient's language, renders it as numbered text, and sends it from the business's
 * number at that number's pace. It never writes first: a chat that never wrote to the
 * number (no conversation with it, not a linked team group) is refused for good —
 * messaging strangers is what gets numbers banned; a broadcast (an offer) goes only to a
 * chat whose customer wrote in the last 24 hours. A team post about a booking is
 * remembered with its message id, so a numbered reply quoting it acts on the booking.
 */
export function whatsAppSender(deps: { ctx: UseCaseContext; translator: Translator; logger: Logger; numberFor: (businessId: string) => WhatsAppNumber | undefined }): ChannelSender {
  return {
    channel: 'whatsapp',
    limits: WHATSAPP_LIMITS,
    // The pace wait, an image and a text (each bounded by the number's send timeout).
    maxSendMs: MAX_PACE_WAIT_MS + 2 * SEND_TIMEOUT_MS + 5_000,
    readyFor: (businessId) => deps.numberFor(businessId)?.connected ?? false,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      const number = deps.numberFor(m.businessId);
      if (!number?.connected) return { ok: false, error: 'the business has no connected WhatsApp number', notReadyForMs: NOT_CONNECTED_RETRY_MS };
      const [heard] = await runSql(emForBusiness(deps.ctx.orm, m.businessId), CHAT_WROTE_FIRST, { businessId: m.businessId, chatId: m.chatId });
      if (!heard?.wrote) return { ok: false, error: 'this chat never wrote to the business on WhatsApp: the number does not write first', permanent: true };
      // An offer goes only to someone who wrote in the last 24 hours: the number must not look like a spammer's.
      if (m.topic === 'broadcast.message' && !(await wroteWithinWindow(deps.ctx, m.businessId, m.chatId))) return { ok: false, error: OUTSIDE_WHATSAPP_WINDOW, permanent: true };
      const content = await notificationMessage(deps.ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale });
      if (!content) return { ok: true };
      const out = render(deps.translator, supportedLanguage(m.locale) ?? 'en', content);
      let messageId: string | null;
      try {
        const delivery = await deliverPlainText(number, m.chatId, out, MAX_PACE_WAIT_MS);
        if (!delivery.sent) return { ok: false, error: 'the WhatsApp number is pacing its messages', notReadyForMs: delivery.busyForMs };
        messageId = delivery.messageId;
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      // Sent is sent: remembering the post never fails the delivery (it would be sent twice).
      if (messageId) await rememberSentOutboxPost(deps, 'whatsapp', m, messageId);
      return { ok: true };
    },
  };
}
