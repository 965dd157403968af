import type { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import type { ChatBotConnector } from '../../src/app/channels/chat-bot-connector.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import type { PaymentSettings } from '../../src/app/payments/payment-settings.ts';
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import { availabilityCache } from '../../src/app/availability/availability-cache.ts';
import { telegramBotConnector } from '../../src/bots/telegram/telegram-bot-connector.ts';
import { startTelegramChannel, type TelegramChannel } from '../../src/bots/telegram/telegram-channel.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { FakeBotApi } from './fake-bot-api.ts';
import { TEST_APP_SECRET } from './panel-harness.ts';

/**
 * Our Telegram channel in webhook mode against the fake Bot API, and the connector the
 * panel's Channels page connects bots with. Nothing registers a webhook: a test hands
 * updates to `channel.handleWebhook` as the webhook route would.
 */
export interface TelegramOnFakeApi {
  api: FakeBotApi;
  channel: TelegramChannel;
  /** What the channel runs with: the database, the clock (the real one by default), conversations in PostgreSQL. */
  ctx: UseCaseContext;
  /** For the panel's `deps.bots`. */
  bots: ChatBotConnector;
  /** Stops the channel, then the fake Bot API. */
  stop(): Promise<void>;
}

/**
 * Starts the fake Bot API and a Telegram channel on it, signed with `TEST_APP_SECRET`;
 * `payments` sets how deposits are taken, `now` the clock (default the real one: a
 * booking world's clock makes the chat and the world share their today).
 */
export async function startTelegramOnFakeApi(orm: MikroORM, options: { payments?: (ctx: UseCaseContext) => PaymentSettings; now?: () => number } = {}): Promise<TelegramOnFakeApi> {
  const api = new FakeBotApi();
  await api.start();
  try {
    const ctx: UseCaseContext = { orm, now: options.now ?? (() => Date.now()), conversations: postgresConversationStore(orm), availabilityCache: availabilityCache(), scheduleFacts: availabilityCache() };
    if (options.payments) ctx.payments = options.payments(ctx);
    const logger = pino({ level: 'silent' });
    const channel = await startTelegramChannel(
      { ctx, translator: await createTranslator(await loadMessages()), logger, appSecret: TEST_APP_SECRET, idleMinutes: 30 },
      { apiRoot: api.url, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: false },
    );
    const bots = telegramBotConnector({ ctx, channel, logger, appSecret: TEST_APP_SECRET, apiRoot: api.url, mode: 'webhook' });
    return {
      api,
      channel,
      ctx,
      bots,
      async stop() {
        await channel.stop();
        await api.stop();
      },
    };
  } catch (error) {
    await api.stop();
    throw error;
  }
}
