import { createHmac, timingSafeEqual } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, type Api, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { activeTelegramBots } from './telegram-connections.ts';
import { firstTimeFromTeamChat } from '../../app/team/first-time-from-team-chat.ts';
import { LANGUAGES } from '../../i18n/translator.ts';
import type { ChannelSender } from '../../app/notifications/channel-sender.ts';
import { handleCustomerUpdate } from './customer-chat.ts';
import { handleLinkCommands, handleTeamUpdate } from './team-chat.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';
import { telegramSender } from './telegram-sender.ts';

/** How the channel runs. */
export interface TelegramOptions {
  apiRoot: string;
  mode: 'webhook' | 'polling';
  /** The service's public base URL; webhooks are `<publicUrl>/telegram/<bot id>`. */
  publicUrl: string;
  /** Pace outgoing calls to Telegram's limits (grammY throttler). Off only in benchmarks that measure our own code. */
  throttle: boolean;
  /** Ask Telegram to set the webhook and commands at start (off against emulators that lack those methods). */
  registerWithTelegram: boolean;
}

/** What a webhook request came to. */
export type WebhookOutcome = 'handled' | 'unknown_bot' | 'forbidden' | 'bad_update';

/** A webhook request's outcome, and the Bot API call (JSON) to answer it with, if any. */
export interface WebhookResult {
  outcome: WebhookOutcome;
  reply?: string;
}

// Calls whose result nobody waits for may ride back on the webhook response (one per
// update) instead of costing a request each: a button's "answered" tick.
const WEBHOOK_REPLY_METHODS: ReadonlySet<string> = new Set(['answerCallbackQuery']);

/** Every connected bot of every business, running in this process. */
export interface TelegramChannel {
  sender: ChannelSender;
  /** How many active bots are connected in the database (some may still be connecting). */
  configuredBots: number;
  /** Handles one webhook request: the secret header must match the bot's. */
  handleWebhook(botId: string, secretHeader: string | undefined, body: unknown): Promise<WebhookResult>;
  stop(): Promise<void>;
}

/** The webhook secret Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`, derived per bot from APP_SECRET. */
export function webhookSecret(appSecret: string, botId: string): string {
  return createHmac('sha256', appSecret).update(`telegram-webhook:${botId}`).digest('hex').slice(0, 48);
}

const CONNECT_RETRY_MS = 30_000;

const UpdateShape = z.object({ update_id: z.number().int().nonnegative() }).loose();

/**
 * Starts every active bot: webhook or long polling, grammY auto-retry (and throttling)
 * on outgoing calls, commands menu in each language, and one error boundary per update
 * that logs and answers the customer politely.
 */
export async function startTelegramChannel(deps: TelegramDeps, options: TelegramOptions): Promise<TelegramChannel> {
  const { connections, unreadable } = await activeTelegramBots(deps.ctx, deps.appSecret);
  if (unreadable.length > 0) deps.logger.error({ bots: unreadable }, 'Telegram tokens sealed under another APP_SECRET cannot be read; reconnect these bots');
  const running = new Map<string, { bot: Bot; binding: BotBinding; secret: Buffer }>();
  const byBusiness = new Map<string, Api>();
  const retries = new Set<NodeJS.Timeout>();
  const runners: RunnerHandle[] = [];
  let stopped = false;
  // A bot whose API is unreachable at start (network, Telegram down) is retried in the
  // background: the rest of the service starts and serves meanwhile.
  const connect = async (bot: Bot, binding: BotBinding): Promise<void> => {
    try {
      await bot.init();
      if (stopped) return;
      // Webhook and commands menu are set in the background: a slow answer must not hold up the bot.
      if (options.registerWithTelegram) void register(deps, bot, binding, options);
      // Long polling through grammY's runner: updates of different chats are handled
      // concurrently (one slow customer does not hold up the rest), one chat's in order.
      if (options.mode === 'polling') runners.push(run(bot));
      running.set(binding.botId, { bot, binding, secret: Buffer.from(webhookSecret(deps.appSecret, binding.botId)) });
      byBusiness.set(binding.businessId, bot.api);
      deps.logger.info({ bot: binding.botId, username: bot.botInfo.username, mode: options.mode }, 'Telegram bot connected');
    } catch (error) {
      if (stopped) return;
      deps.logger.warn({ err: error, bot: binding.botId, retryInMs: CONNECT_RETRY_MS }, 'Telegram bot could not connect; retrying');
      const timer = setTimeout(() => {
        retries.delete(timer);
        void connect(bot, binding);
      }, CONNECT_RETRY_MS);
      timer.unref();
      retries.add(timer);
    }
  };
  await Promise.all(
    connections.map((connection) => {
      const binding: BotBinding = { businessId: connection.businessId, botId: connection.botId };
      const bot = new Bot(connection.token, { client: { apiRoot: options.apiRoot, canUseWebhookReply: (method) => WEBHOOK_REPLY_METHODS.has(method) } });
      bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5 }));
      if (options.throttle) bot.api.config.use(apiThrottler());
      bot.use(sequentialize((tg: Context) => tg.chat?.id.toString()));
      bot.use(errorBoundary(deps, binding));
      bot.use((tg) => route(deps, binding, tg));
      bot.catch((error) => deps.logger.error({ err: error.error, bot: binding.botId }, 'Telegram update failed'));
      return connect(bot, binding);
    }),
  );
  return {
    sender: telegramSender({ ctx: deps.ctx, translator: deps.translator, logger: deps.logger, apiFor: (businessId) => byBusiness.get(businessId) }),
    configuredBots: connections.length,
    async handleWebhook(botId, secretHeader, body) {
      const entry = running.get(botId);
      if (!entry) return { outcome: 'unknown_bot' };
      const given = Buffer.from(secretHeader ?? '');
      if (given.length !== entry.secret.length || !timingSafeEqual(given, entry.secret)) return { outcome: 'forbidden' };
      const update = UpdateShape.safeParse(body);
      if (!update.success) return { outcome: 'bad_update' };
      let reply: string | undefined;
      try {
        await entry.bot.handleUpdate(update.data as unknown as Update, { send: (payload) => void (reply = payload) });
      } catch (error) {
        // Already answered politely by the boundary; Telegram must not redeliver it.
        deps.logger.error({ err: error, bot: botId }, 'Telegram update failed');
      }
      return reply === undefined ? { outcome: 'handled' } : { outcome: 'handled', reply };
    },
    async stop() {
      stopped = true;
      for (const timer of retries) clearTimeout(timer);
      await Promise.all(runners.map((runner) => (runner.isRunning() ? runner.stop() : undefined)));
    },
  };
}

async function route(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<void> {
  const chat = tg.chat;
  const group = chat?.type === 'group' || chat?.type === 'supergroup';
  if (!chat || (!group && chat.type !== 'private')) return;
  // A redelivered group update (a relayed reply, a pressed button) is handled once;
  // customer chats get the same from their conversation row.
  if (group && !(await firstTimeFromTeamChat(deps.ctx, binding.businessId, { channel: 'telegram', chatId: String(chat.id), key: `telegram:${tg.update.update_id}` }))) return;
  if (await handleLinkCommands(deps, binding, tg)) return;
  await (group ? handleTeamUpdate(deps, binding, tg) : handleCustomerUpdate(deps, binding, tg));
}

/** The one error boundary: logs the failure and tells the person something went wrong, never the details. */
function errorBoundary(deps: TelegramDeps, binding: BotBinding) {
  return async (tg: Context, next: () => Promise<void>) => {
    try {
      await next();
    } catch (error) {
      deps.logger.error({ err: error, bot: binding.botId, update: tg.update.update_id }, 'Telegram update failed');
      const text = deps.translator.t(tg.from?.language_code, 'telegram.error');
      // A pressed button may have been answered already (polling answers it early, and
      // Telegram takes one answer per press): then the apology goes to the chat instead.
      const alerted = tg.callbackQuery ? await tg.answerCallbackQuery({ text, show_alert: true }).then(() => true, () => false) : false;
      if (!alerted && tg.chat) await tg.reply(text).catch(() => undefined);
    }
  };
}

async function register(deps: TelegramDeps, bot: Bot, binding: BotBinding, options: TelegramOptions): Promise<void> {
  try {
    if (options.mode === 'webhook') {
      await bot.api.setWebhook(`${options.publicUrl}/telegram/${binding.botId}`, {
        secret_token: webhookSecret(deps.appSecret, binding.botId),
        allowed_updates: ['message', 'callback_query'],
      });
    } else {
      await bot.api.deleteWebhook();
    }
    for (const language of LANGUAGES) {
      const commands = (['start', 'book', 'my', 'language', 'help'] as const).map((command) => ({ command, description: deps.translator.t(language, `telegram.commands.${command}`) }));
      await bot.api.setMyCommands(commands, language === 'en' ? {} : { language_code: language });
    }
  } catch (error) {
    deps.logger.warn({ err: error, bot: binding.botId }, 'could not register the webhook or commands with Telegram');
  }
}
