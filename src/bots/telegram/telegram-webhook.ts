import { z } from 'zod';
import type { ChannelAnswer, ChannelRoute } from '../channels/chat-channel.ts';
import type { WebhookResult } from './telegram-channel.ts';

/** Telegram's updates are a few KiB; the route refuses more before reading it all. */
export const TELEGRAM_WEBHOOK_BODY_LIMIT = 64 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** The shape Telegram allows for `secret_token` (setWebhook): 1–256 of A–Z, a–z, 0–9, `_`, `-`. */
const SecretToken = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);
const Params = z.object({ botId: z.string().regex(/^\d{1,20}$/) });

/** What the webhook route needs of the Telegram channel. */
export interface TelegramWebhookTarget {
  /** Handles one update of a bot; the secret header must be the bot's. */
  handleWebhook(botId: string, secretHeader: string | undefined, body: unknown): Promise<WebhookResult>;
  /** Whether a secret header is this connected bot's (constant time), checked before the body is read. */
  authorizes?(botId: string, secretHeader: string): boolean;
}

const UNAUTHORIZED: ChannelAnswer = { outcome: 'unauthorized' };

/**
 * `POST /telegram/<bot id>`: Telegram's webhook for each connected bot. A request with no
 * well-formed secret header, or not the bot's secret, is refused before its body is
 * read; the body may be at most 64 KiB. An unknown bot and a wrong secret get the same
 * answer and change nothing. A handled update is answered with the channel's webhook
 * reply call when it has one (a Bot API call that rides back on the response).
 */
export function telegramWebhookRoute(target: TelegramWebhookTarget): ChannelRoute {
  return {
    method: 'POST',
    url: '/telegram/:botId',
    body: 'json',
    bodyLimit: TELEGRAM_WEBHOOK_BODY_LIMIT,
    authorize({ params, headers }) {
      const secret = SecretToken.safeParse(headers[SECRET_HEADER]);
      const bot = Params.safeParse(params);
      if (!secret.success || !bot.success) return false;
      return target.authorizes ? target.authorizes(bot.data.botId, secret.data) : true;
    },
    async handle({ params, headers, body }) {
      const bot = Params.safeParse(params);
      if (!bot.success) return UNAUTHORIZED;
      const { outcome, reply } = await target.handleWebhook(bot.data.botId, headers[SECRET_HEADER], body);
      switch (outcome) {
        case 'handled':
          return reply === undefined ? { outcome: 'ok' } : { outcome: 'ok', body: reply, contentType: 'application/json' };
        case 'bad_update':
          return { outcome: 'bad_request', body: JSON.stringify({ error: 'bad_update' }), contentType: 'application/json' };
        case 'unknown_bot':
        case 'forbidden':
          return UNAUTHORIZED;
      }
    },
  };
}
