import { GrammyError, HttpError, type Api } from 'grammy';
import type { Logger } from 'pino';
import { supportedLanguage, type Translator } from '../../i18n/translator.ts';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../app/notifications/channel-sender.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { notificationMessage } from '../notification-messages.ts';
import { rememberSentOutboxPost, type RedrawTeamPost } from '../team/team-posts.ts';
import { deliverToTelegram } from './telegram-delivery.ts';
import { renderForTelegram, type TelegramMessage } from './telegram-render.ts';
import { TELEGRAM_LIMITS, TELEGRAM_MAX_SEND_MS } from './telegram-api-limits.ts';

// How soon a message for a bot that is still connecting is tried again.
const NOT_CONNECTED_RETRY_MS = 2_000;

/**
 * The outbox's Telegram channel: words each notification in the recipient's language,
 * sends it with the business's own bot, and reports Telegram's answer in the
 * dispatcher's terms (429 → retry after `retry_after`; a blocked bot or a missing chat
 * → permanent). A team post is remembered so replies to it work (a forwarded customer
 * message is answered, a booking post acted on), and when it tells of a change the
 * booking's earlier posts in that chat are redrawn in place to show it.
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
      // Sent is sent: remembering and redrawing never fail the send (nor send it twice).
      await rememberSentOutboxPost(deps, 'telegram', m, String(sentId), redrawAs(api, m.chatId, out));
      return { ok: true };
    },
  };
}

// An earlier post redrawn as the message just sent shows the booking. Already showing it
// (a redelivered change) is no failure.
function redrawAs(api: Api, chatId: string, out: TelegramMessage): RedrawTeamPost | undefined {
  if (!out.inline || out.photo) return undefined;
  return async (messageId) => {
    try {
      await api.editMessageText(chatId, Number(messageId), out.text, out.reply_markup ? { reply_markup: out.reply_markup } : {});
    } catch (error) {
      if (!(error instanceof GrammyError && error.description.includes('message is not modified'))) throw error;
    }
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
