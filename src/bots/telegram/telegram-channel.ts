import { createHmac, timingSafeEqual } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, type Api, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { chatFloodGuard } from './chat-flood-guard.ts';
import { REQUEST_TIMEOUT_SECONDS, TELEGRAM_RETRY } from './telegram-api-limits.ts';
import { handleWithinDeadline, WEBHOOK_REPLY_METHODS } from './webhook-acknowledgement.ts';
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
  /** A webhook request is answered once its update is handled or after this long, whichever is first (default 2 s). */
  ackWithinMs?: number;
  /** First wait before a bot that could not reach Telegram tries again; doubles up to a minute (default 1 s). */
  connectRetryMs?: number;
}

/** Where a bot stands: reaching Telegram for the first time, serving, or failing to connect (retrying with backoff). */
export type BotState = 'connecting' | 'connected' | 'failing';

/** A bot's state, for `/ready` and the panel. */
export interface BotStatus {
  botId: string;
  businessId: string;
  state: BotState;
  /** Since when (epoch ms) it has been in this state. */
  since: number;
  /** The last connection error, when failing. */
  error?: string;
}

/** What a webhook request came to. */
export type WebhookOutcome = 'handled' | 'unknown_bot' | 'forbidden' | 'bad_update';

/** A webhook request's outcome, and the Bot API call (JSON) to answer it with, if any. */
export interface WebhookResult {
  outcome: WebhookOutcome;
  reply?: string;
}

/** Every connected bot of every business, running in this process. */
export interface TelegramChannel {
  sender: ChannelSender;
  /** How many active bots are connected in the database (some may still be connecting). */
  configuredBots: number;
  /** Each bot's state. */
  status(): BotStatus[];
  /** True when the secret header is this connected bot's (constant time): checked before a webhook's body is read. */
  authorizes(botId: string, secretHeader: string): boolean;
  /** Handles one webhook request: the secret header must match the bot's. */
  handleWebhook(botId: string, secretHeader: string | undefined, body: unknown): Promise<WebhookResult>;
  stop(): Promise<void>;
}

/** The webhook secret Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`, derived per bot from APP_SECRET. */
export function webhookSecret(appSecret: string, botId: string): string {
  return createHmac('sha256', appSecret).update(`telegram-webhook:${botId}`).digest('hex').slice(0, 48);
}

const MAX_CONNECT_RETRY_MS = 60_000;
// Updates of one chat that may wait in this process at once; past it the chat is asked to slow down.
const CHAT_QUEUE_CAP = 20;
// Telegram's own default; set explicitly so a change on their side does not change ours.
const WEBHOOK_MAX_CONNECTIONS = 40;
// How long a stop waits for updates it has already answered to Telegram for.
const STOP_WAIT_MS = 15_000;

const UpdateShape = z.object({ update_id: z.number().int().nonnegative() }).loose();

/**
 * Starts every active bot: webhook or long polling, grammY auto-retry (and throttling)
 * on outgoing calls, commands menu in each language, and one error boundary per update
 * that logs and answers the customer politely.
 */
export async function startTelegramChannel(deps: TelegramDeps, options: TelegramOptions): Promise<TelegramChannel> {
  const { connections, unreadable } = await activeTelegramBots(deps.ctx, { current: deps.appSecret, previous: deps.previousAppSecret });
  if (unreadable.length > 0) deps.logger.error({ bots: unreadable }, 'Telegram tokens sealed under another APP_SECRET cannot be read; reconnect these bots');
  const running = new Map<string, { bot: Bot; binding: BotBinding; secret: Buffer }>();
  const byBusiness = new Map<string, Api>();
  const states = new Map<string, BotStatus>();
  const retries = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const runners: RunnerHandle[] = [];
  const ackWithinMs = options.ackWithinMs ?? 2_000;
  let stopped = false;
  const setState = (binding: BotBinding, state: BotState, error?: string) =>
    states.set(binding.botId, { botId: binding.botId, businessId: binding.businessId, state, since: Date.now(), ...(error ? { error } : {}) });
  // Bots connect in the background, each on its own: a bot whose API is unreachable
  // (network, Telegram down) is retried with backoff while the service and every other
  // bot serve; its webhook answers as for an unknown bot until it is connected.
  const connect = async (bot: Bot, binding: BotBinding, waitMs: number): Promise<void> => {
    try {
      // grammY's own init() retries a network error forever; one bounded getMe lets
      // our backoff (and the bot's state) decide instead.
      if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      if (stopped) return;
      // Webhook and commands menu are set in the background: a slow answer must not hold up the bot.
      if (options.registerWithTelegram) void register(deps, bot, binding, options);
      // Long polling through grammY's runner: updates of different chats are handled
      // concurrently (one slow customer does not hold up the rest), one chat's in order.
      if (options.mode === 'polling') runners.push(run(bot));
      running.set(binding.botId, { bot, binding, secret: Buffer.from(webhookSecret(deps.appSecret, binding.botId)) });
      byBusiness.set(binding.businessId, bot.api);
      setState(binding, 'connected');
      deps.logger.info({ bot: Number(binding.botId), username: bot.botInfo.username, mode: options.mode }, 'Telegram bot connected');
    } catch (error) {
      if (stopped) return;
      const message = error instanceof Error ? error.message : String(error);
      setState(binding, 'failing', message);
      deps.logger.warn({ err: error, bot: Number(binding.botId), retryInMs: waitMs }, 'Telegram bot could not connect; retrying');
      const timer = setTimeout(() => {
        retries.delete(timer);
        void connect(bot, binding, Math.min(waitMs * 2, MAX_CONNECT_RETRY_MS));
      }, waitMs);
      timer.unref();
      retries.add(timer);
    }
  };
  function authorizes(botId: string, secretHeader: string): boolean {
    const entry = running.get(botId);
    if (!entry) return false;
    const given = Buffer.from(secretHeader);
    return given.length === entry.secret.length && timingSafeEqual(given, entry.secret);
  }
  for (const connection of connections) {
    const binding: BotBinding = { businessId: connection.businessId, botId: connection.botId };
    const bot = new Bot(connection.token, {
      client: { apiRoot: options.apiRoot, timeoutSeconds: REQUEST_TIMEOUT_SECONDS, canUseWebhookReply: (method) => WEBHOOK_REPLY_METHODS.has(method) },
    });
    bot.api.config.use(autoRetry(TELEGRAM_RETRY));
    if (options.throttle) bot.api.config.use(apiThrottler());
    bot.use(chatFloodGuard(CHAT_QUEUE_CAP, (tg) => askToSlowDown(deps, tg)));
    bot.use(sequentialize((tg: Context) => tg.chat?.id.toString()));
    bot.use(errorBoundary(deps, binding));
    bot.use((tg) => route(deps, binding, tg));
    bot.catch((error) => deps.logger.error({ err: error.error, bot: Number(binding.botId) }, 'Telegram update failed'));
    setState(binding, 'connecting');
    void connect(bot, binding, options.connectRetryMs ?? 1_000);
  }
  return {
    sender: telegramSender({ ctx: deps.ctx, translator: deps.translator, logger: deps.logger, apiFor: (businessId) => byBusiness.get(businessId) }),
    configuredBots: connections.length,
    status: () => [...states.values()],
    authorizes,
    async handleWebhook(botId, secretHeader, body) {
      const entry = running.get(botId);
      if (!entry) return { outcome: 'unknown_bot' };
      if (!authorizes(botId, secretHeader ?? '')) return { outcome: 'forbidden' };
      const update = UpdateShape.safeParse(body);
      if (!update.success) return { outcome: 'bad_update' };
      const { reply, handled } = await handleWithinDeadline(
        entry.bot.api,
        (envelope) => entry.bot.handleUpdate(update.data as unknown as Update, envelope),
        ackWithinMs,
        // Already answered politely by the boundary; Telegram must not redeliver it.
        (error) => deps.logger.error({ err: error, bot: Number(botId) }, 'Telegram update failed'),
      );
      // Telegram will not send it again: a stop waits for it (see stop()).
      inFlight.add(handled);
      void handled.finally(() => inFlight.delete(handled));
      return reply === undefined ? { outcome: 'handled' } : { outcome: 'handled', reply };
    },
    async stop() {
      stopped = true;
      for (const timer of retries) clearTimeout(timer);
      // Updates already answered to Telegram are finished before the database closes (bounded).
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
        await Promise.race([Promise.allSettled([...inFlight]), limit]);
        clearTimeout(timer);
      }
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

/** A chat flooding the bot is told once to slow down; its further updates are dropped until its queue drains. */
async function askToSlowDown(deps: TelegramDeps, tg: Context): Promise<void> {
  deps.logger.warn({ chat: tg.chat?.id }, 'a chat sent updates faster than they can be handled; dropping until it drains');
  if (tg.chat) await tg.api.sendMessage(tg.chat.id, deps.translator.t(tg.from?.language_code, 'telegram.slow_down')).catch(() => undefined);
}

/** The one error boundary: logs the failure and tells the person something went wrong, never the details. */
function errorBoundary(deps: TelegramDeps, binding: BotBinding) {
  return async (tg: Context, next: () => Promise<void>) => {
    try {
      await next();
    } catch (error) {
      deps.logger.error({ err: error, bot: Number(binding.botId), update: tg.update.update_id }, 'Telegram update failed');
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
        max_connections: WEBHOOK_MAX_CONNECTIONS,
      });
    } else {
      await bot.api.deleteWebhook();
    }
    for (const language of LANGUAGES) {
      const commands = (['start', 'book', 'my', 'language', 'help'] as const).map((command) => ({ command, description: deps.translator.t(language, `telegram.commands.${command}`) }));
      await bot.api.setMyCommands(commands, language === 'en' ? {} : { language_code: language });
    }
  } catch (error) {
    deps.logger.warn({ err: error, bot: Number(binding.botId) }, 'could not register the webhook or commands with Telegram');
  }
}
