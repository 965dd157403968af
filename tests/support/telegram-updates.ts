import { webhookSecret } from '../../src/bots/telegram/telegram-bot-setup.ts';

/**
 * Telegram updates as Telegram's webhook POSTs them to a running service
 * (`/telegram/<bot id>` with the bot's secret token header), for tests that drive
 * real processes. Update ids are unique per sender.
 */
export interface TelegramUpdates {
  /** A private chat's text message (a command when it starts with `/`). */
  text(chatId: number, text: string): TelegramUpdate;
  /** A button pressed under the message `messageId` of a private chat. */
  press(chatId: number, data: string, messageId: number): TelegramUpdate;
  /** POSTs the update to the service at `baseUrl`; resolves with the HTTP status. */
  post(baseUrl: string, update: TelegramUpdate, options?: { timeoutMs?: number }): Promise<number>;
}

/** One update (plain JSON, as Telegram sends it). */
export interface TelegramUpdate {
  update_id: number;
  [field: string]: unknown;
}

/** Updates for the bot with `token`, signed with the service's APP_SECRET. */
export function telegramUpdates(token: string, appSecret: string, firstUpdateId = 1): TelegramUpdates {
  const botId = token.split(':')[0]!;
  const secret = webhookSecret(appSecret, botId);
  let nextId = firstUpdateId;
  let nextMessageId = 1_000_000;
  const person = (chatId: number) => ({ id: chatId, is_bot: false, first_name: `Guest${chatId}`, language_code: 'en' });
  const chat = (chatId: number) => ({ id: chatId, type: 'private', first_name: `Guest${chatId}` });
  return {
    text: (chatId, text) => ({
      update_id: nextId++,
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: chat(chatId),
        from: person(chatId),
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
      },
    }),
    press: (chatId, data, messageId) => ({
      update_id: nextId++,
      callback_query: {
        id: String(nextId * 7),
        from: person(chatId),
        chat_instance: String(chatId),
        data,
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: chat(chatId), text: '' },
      },
    }),
    async post(baseUrl, update, options = {}) {
      const response = await fetch(`${baseUrl}/telegram/${botId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
}
