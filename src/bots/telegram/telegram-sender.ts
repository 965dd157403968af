import { GrammyError, HttpError, type Api } from 'grammy';
import type { Logger } from 'pino';
import { rememberTeamPost } from '../../app/conversations/remember-team-post.ts';
import { supportedLanguage, type Translator } from '../../i18n/translator.ts';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { notificationMessage } from '../notification-messages.ts';
import { deliverToTelegram } from './telegram-delivery.ts';
import { renderForTelegram } from './telegram-render.ts';
import { TELEGRAM_LIMITS, TELEGRAM_MAX_SEND_MS } from './telegram-api-limits.ts';

// How soon a message for a bot that is still connecting is tried again.
const NOT_CONNECTED_RETRY_MS = 2_000;

/**
 * The outbox's Telegram channel: words each notification in the recipient's language,
 * sends it with the business's own bot, and reports Telegram's answer in the
 * dispatcher's terms (429 → retry after `retry_after`; a blocked bot or a missing chat
 * → permanent). A forwarded customer message is remembered so team replies reach them.
 */
export function telegramSender(deps: { ctx: UseCaseContext; translator: Translator; apiFor: (businessId: string) => Api | undefined; limits?: ChannelSender['limits']; logger?: Logger }): ChannelSender {
  return {
    channel: 'telegram',
    limits: deps.limits ?? TELEGRAM_LIMITS,
    maxSendMs: TELEGRAM_MAX_SEND_MS,
    readyFor: (businessId) => deps.apiFor(businessId) !== undefined,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      const api = deps.apiFor(m.businessId);
      // Connecting (or reconnecting after an outage): wait for it without using up the message's attempts.
      if (!api) return { ok: false, error: 'the business has no connected Telegram bot yet', notReadyForMs: NOT_CONNECTED_RETRY_MS };
      const content = await notificationMessage(deps.ctx, { businessId: m.businessId, topic: m.topic, payload: m.payload, audience: m.audience, locale: m.locale });
      if (!content) return { ok: true };
      const out = renderForTelegram(deps.translator, supportedLanguage(m.locale) ?? 'en', content, null);
      let sentId: number;
      try {
        sentId = await deliverToTelegram(api, m.chatId, out);
      } catch (error) {
        return outcomeOf(error);
      }
      // Sent is sent: a failure to remember the post must not send it twice.
      const customerId = m.payload['customerId'];
      if (m.topic === 'conversation.message' && m.audience === 'team' && typeof customerId === 'string') {
        await rememberTeamPost(deps.ctx, m.businessId, { channel: 'telegram', teamChatId: m.chatId, teamMessageId: String(sentId), customerId }).catch(
          (error: unknown) => deps.logger?.error({ err: error }, 'team post sent but not remembered: replies to it will not reach the customer'),
        );
      }
      return { ok: true };
    },
  };
}

function outcomeOf(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const retryAfter = error.parameters.retry_after;
    if (error.error_code === 429) return { ok: false, error: error.description, ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}) };
    // 400 chat not found, 403 bot blocked or kicked: trying again will not help.
    if (error.error_code === 400 || error.error_code === 403) return { ok: false, error: error.description, permanent: true };
    return { ok: false, error: error.description };
  }
  if (error instanceof HttpError) return { ok: false, error: `network: ${error.message}` };
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}
