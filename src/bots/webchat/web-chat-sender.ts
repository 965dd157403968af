import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { supportedLanguage, type Translator } from '../../i18n/translator.ts';
import { notificationMessage } from '../notification-messages.ts';
import { appendWebChatMessages, webChatDeliveryStored } from './web-chat-messages.ts';
import { renderForWebChat } from './web-chat-render.ts';
import type { WebChatSignals } from './web-chat-signals.ts';

/** A visitor id as the web chat makes them (random, URL-safe). */
const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The outbox's web-chat channel: a notification for a visitor (a reminder, a team
 * member's reply, a booking approved) is worded in their language and stored in their
 * chat, where their open page picks it up at once and a page opened later shows it.
 * Storing cannot be refused by anyone, so it needs no pacing; a delivery repeated after
 * a crash is stored once.
 */
export function webChatSender(deps: { ctx: UseCaseContext; translator: Translator; signals: WebChatSignals }): ChannelSender {
  return {
    channel: 'webchat',
    limits: { perSecond: 500, perChatIntervalMs: 0 },
    maxSendMs: 10_000,
    readyFor: () => true,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      // The web chat has customers only: team chats live on the messengers.
      if (m.audience !== 'customer') return { ok: false, error: 'the web chat has no team chats', permanent: true };
      if (!VISITOR_ID.test(m.chatId)) return { ok: false, error: 'not a web-chat visitor id', permanent: true };
      const chat = { businessId: m.businessId, visitorId: m.chatId };
      if (await webChatDeliveryStored(deps.ctx.orm, chat, m.deliveryId)) return { ok: true };
      const content = await notificationMessage(deps.ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale });
      if (!content) return { ok: true };
      const body = { ...renderForWebChat(deps.translator, supportedLanguage(m.locale) ?? 'en', content, null), deliveryId: m.deliveryId };
      await appendWebChatMessages(deps.ctx.orm, chat, [{ author: 'business', body }]);
      deps.signals.wake(m.businessId, m.chatId);
      return { ok: true };
    },
  };
}
