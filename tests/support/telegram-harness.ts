import pino from 'pino';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { telegramWebhookRoute } from '../../src/bots/telegram/telegram-webhook.ts';
import { connectTelegramBot } from '../../src/bots/telegram/telegram-connections.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { startTelegramChannel, webhookSecret, type TelegramChannel } from '../../src/bots/telegram/telegram-channel.ts';
import type { Translator } from '../../src/i18n/translator.ts';
import { withFreePort } from './free-port.ts';

/** The emulator answers getMe with this id for every token: bot posts come "from" it. */
export const EMULATOR_BOT_ID = 666;

/** A user or group in test updates. */
export interface TgChat {
  id: number;
  type: 'private' | 'group';
  title?: string;
}

/** A message the bot sent, as the emulator stored it (edits applied). */
export interface BotPost {
  messageId: number;
  chatId: string;
  text: string;
  buttons: { text: string; callback_data?: string; request_contact?: boolean; url?: string }[];
}

/**
 * Our service's Telegram side against a local Bot API emulator: the bot's outgoing calls
 * go to `telegram-test-api` over real HTTP; updates are POSTed to our webhook over real
 * HTTP with the secret header Telegram would send (the emulator does not send one).
 */
export interface TelegramHarness {
  token: string;
  botId: string;
  channel: TelegramChannel;
  appSecret: string;
  /** Our HTTP server's base URL. */
  baseUrl: string;
  /** POSTs an update to our webhook; returns the HTTP status. */
  post(update: Record<string, unknown>, secret?: string | null): Promise<number>;
  /** The JSON body of the last webhook answer (a Bot API call Telegram would perform, or `{ ok: true }`). */
  lastWebhookAnswer(): unknown;
  message(from: number, chat: TgChat, text: string, extra?: Record<string, unknown>): Promise<number>;
  press(from: number, chat: TgChat, post: BotPost, label: string): Promise<number>;
  posts(chatId: number): BotPost[];
  lastPost(chatId: number): BotPost;
  stop(): Promise<void>;
}

let updateIds = 1;

export async function startTelegramHarness(options: { ctx: UseCaseContext; translator: Translator; businessId: string; appSecret?: string; token?: string; logger?: pino.Logger }): Promise<TelegramHarness> {
  const appSecret = options.appSecret ?? 'test-app-secret-test-app-secret-0123456789';
  const token = options.token ?? `${100000 + Math.floor(Math.random() * 800000)}:AAHtestTokenForTheEmulator_0123456789`;
  const botId = token.split(':')[0]!;
  // The emulator cannot listen on port 0 (it reads 0 as its default, 9000).
  const { emulator, emulatorPort } = await withFreePort(async (emulatorPort) => {
    const emulator = new TelegramServer({ port: emulatorPort, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    return { emulator, emulatorPort };
  });
  await connectTelegramBot(options.ctx, options.businessId, appSecret, token);
  const logger = options.logger ?? pino({ level: 'silent' });
  const channel = await startTelegramChannel(
    { ctx: options.ctx, translator: options.translator, logger, appSecret, idleMinutes: 30 },
    { apiRoot: `http://127.0.0.1:${emulatorPort}`, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: false },
  );
  // Bots connect in the background: updates are posted once this one is connected.
  for (let i = 0; i < 400 && channel.status().some((b) => b.state !== 'connected'); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (channel.status().some((b) => b.state !== 'connected')) throw new Error(`the test bot did not connect: ${JSON.stringify(channel.status())}`);
  const app: FastifyInstance = buildHttpServer({ logger, isDatabaseReachable: async () => true, channelRoutes: [telegramWebhookRoute(channel)] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('our HTTP server has no TCP port');
  const port = address.port;
  const secret = webhookSecret(appSecret, botId);

  const post: TelegramHarness['post'] = async (update, givenSecret = secret) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (givenSecret !== null) headers['x-telegram-bot-api-secret-token'] = givenSecret;
    const response = await fetch(`http://127.0.0.1:${port}/telegram/${botId}`, { method: 'POST', headers, body: JSON.stringify(update) });
    lastAnswer = await response.json();
    return response.status;
  };
  let lastAnswer: unknown;
  const user = (id: number) => ({ id, is_bot: false, first_name: 'Olena', last_name: `N${String.fromCharCode(65 + (id % 26))}`, language_code: 'en' });
  const chatOf = (chat: TgChat) => (chat.type === 'private' ? { id: chat.id, type: 'private', first_name: `User${chat.id}` } : { id: chat.id, type: 'group', title: chat.title ?? 'Team' });
  let messageIds = 1_000_000;
  const posts = (chatId: number): BotPost[] =>
    emulator.storage.botMessages
      .filter((m) => String(m.message.chat_id) === String(chatId))
      .map((m) => {
        const markup = m.message.reply_markup as { inline_keyboard?: BotPost['buttons'][]; keyboard?: BotPost['buttons'][] } | undefined;
        return { messageId: m.messageId, chatId: String(m.message.chat_id), text: String(m.message.text), buttons: (markup?.inline_keyboard ?? markup?.keyboard ?? []).flat() };
      });
  return {
    token,
    botId,
    channel,
    appSecret,
    baseUrl: `http://127.0.0.1:${port}`,
    post,
    lastWebhookAnswer: () => lastAnswer,
    message: (from, chat, text, extra = {}) =>
      post({ update_id: updateIds++, message: { message_id: messageIds++, date: 1_900_000_000, from: user(from), chat: chatOf(chat), text, ...extra } }),
    press: (from, chat, botPost, label) => {
      const button = botPost.buttons.find((b) => b.text.includes(label) && b.callback_data);
      if (!button) throw new Error(`no button "${label}" in: ${botPost.buttons.map((b) => b.text).join(' | ')}`);
      return post({
        update_id: updateIds++,
        callback_query: {
          id: String(updateIds),
          from: user(from),
          chat_instance: '1',
          data: button.callback_data,
          message: { message_id: botPost.messageId, date: 1_900_000_000, chat: chatOf(chat), from: { id: EMULATOR_BOT_ID, is_bot: true, first_name: 'Bot' }, text: botPost.text },
        },
      });
    },
    posts,
    lastPost: (chatId) => {
      const all = posts(chatId);
      if (all.length === 0) throw new Error(`the bot sent nothing to ${chatId}`);
      return all.at(-1)!;
    },
    async stop() {
      await channel.stop();
      await app.close();
      await emulator.stop();
    },
  };
}
