import { timingSafeEqual } from 'node:crypto';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Api, Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import { handleWithinDeadline } from './webhook-acknowledgement.ts';
import { activeTelegramBots, type TelegramConnection } from './telegram-connections.ts';
import type { ChannelSender } from '../../app/notifications/channel-sender.ts';
import { createBot, registerBot, unregisterBot, webhookSecret, type TelegramOptions } from './telegram-bot-setup.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';
import { telegramSender } from './telegram-sender.ts';

export { webhookSecret, type TelegramOptions };

/** Where a bot stands: reaching Telegram for the first time, serving, or failing to connect (retrying with backoff). */
export type BotState = 'connecting' | 'connected' | 'failing';

/** A bot's state, for `/ready` and the panel. */
export interface BotStatus {
  botId: string;
  businessId: string;
  state: BotState;
  /** Since when (epoch ms) it has been in this state. */
  since: number;
  /** The bot's @username (without the @), once Telegram told it. */
  username?: string;
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

/** Every connected bot of every business, running in this process; bots come and go while it runs. */
export interface TelegramChannel {
  /** The outbox's Telegram sender: serves every business whose bot is connected, including bots attached later. */
  sender: ChannelSender;
  /** Each bot's state. */
  status(): BotStatus[];
  /** True when the secret header is this connected bot's (constant time): checked before a webhook's body is read. */
  authorizes(botId: string, secretHeader: string): boolean;
  /** Handles one webhook request: the secret header must match the bot's. */
  handleWebhook(botId: string, secretHeader: string | undefined, body: unknown): Promise<WebhookResult>;
  /**
   * Starts a bot while the channel runs (no restart): the business's previous bot, or
   * this bot with an older token, is detached first. `me` is the bot's `getMe` answer
   * when the caller already has it (then the bot serves at once). Resolves after the
   * first connection attempt; a failed one is retried in the background.
   */
  attach(connection: TelegramConnection, me?: UserFromGetMe): Promise<void>;
  /**
   * Stops a bot: its long polling ends, its webhook is no longer served, and the outbox
   * no longer sends through it. `forget` also asks Telegram to remove its webhook (a
   * disconnected bot, not one replaced by a newer token of itself).
   */
  detach(botId: string, options?: { forget?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

const MAX_CONNECT_RETRY_MS = 60_000;
// How long a stop waits for updates it has already answered to Telegram for.
const STOP_WAIT_MS = 15_000;

const UpdateShape = z.object({ update_id: z.number().int().nonnegative() }).loose();

/** One attached bot and what runs for it. */
interface Attached {
  bot: Bot;
  binding: BotBinding;
  secret: Buffer;
  /** Set once `getMe` answered and it serves: webhook updates and sends go through it only then. */
  connected: boolean;
  detached: boolean;
  runner?: RunnerHandle;
  retry?: NodeJS.Timeout;
}

/**
 * Starts every active bot (webhook or long polling; see `telegram-bot-setup.ts` for
 * what each bot is made of) and keeps them attachable and detachable at runtime.
 */
export async function startTelegramChannel(deps: TelegramDeps, options: TelegramOptions): Promise<TelegramChannel> {
  const { connections, unreadable } = await activeTelegramBots(deps.ctx, { current: deps.appSecret, previous: deps.previousAppSecret });
  if (unreadable.length > 0) deps.logger.error({ bots: unreadable }, 'Telegram tokens sealed under another APP_SECRET cannot be read; reconnect these bots');
  const attached = new Map<string, Attached>();
  const byBusiness = new Map<string, string>();
  const states = new Map<string, BotStatus>();
  const inFlight = new Set<Promise<void>>();
  const ackWithinMs = options.ackWithinMs ?? 2_000;
  let stopped = false;
  const setState = (entry: Attached, state: BotState, error?: string) => {
    const username = entry.bot.isInited() ? entry.bot.botInfo.username : undefined;
    states.set(entry.binding.botId, { botId: entry.binding.botId, businessId: entry.binding.businessId, state, since: Date.now(), ...(username ? { username } : {}), ...(error ? { error } : {}) });
  };
  const live = (entry: Attached) => !stopped && !entry.detached;

  // Bots connect in the background, each on its own: a bot whose API is unreachable
  // (network, Telegram down) is retried with backoff while the service and every other
  // bot serve; its webhook answers as for an unknown bot until it is connected.
  const connect = async (entry: Attached, waitMs: number): Promise<void> => {
    const { bot, binding } = entry;
    try {
      // grammY's own init() retries a network error forever; one bounded getMe lets
      // our backoff (and the bot's state) decide instead.
      if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      if (!live(entry)) return;
      // Webhook and commands menu are set in the background: a slow answer must not hold up the bot.
      if (options.registerWithTelegram) void registerBot(deps, bot, binding, options);
      // Long polling through grammY's runner: updates of different chats are handled
      // concurrently (one slow customer does not hold up the rest), one chat's in order.
      if (options.mode === 'polling' && options.pollUpdates !== false) entry.runner = run(bot);
      entry.connected = true;
      byBusiness.set(binding.businessId, binding.botId);
      setState(entry, 'connected');
      deps.logger.info({ bot: Number(binding.botId), username: bot.botInfo.username, mode: options.mode }, 'Telegram bot connected');
    } catch (error) {
      if (!live(entry)) return;
      const message = error instanceof Error ? error.message : String(error);
      setState(entry, 'failing', message);
      deps.logger.warn({ err: error, bot: Number(binding.botId), retryInMs: waitMs }, 'Telegram bot could not connect; retrying');
      entry.retry = setTimeout(() => {
        entry.retry = undefined;
        void connect(entry, Math.min(waitMs * 2, MAX_CONNECT_RETRY_MS));
      }, waitMs);
      entry.retry.unref();
    }
  };
  // The bot is registered (and reported `connecting`) before the first await, so a
  // channel just started already lists every bot.
  const launch = (connection: TelegramConnection, me?: UserFromGetMe): Promise<void> => {
    const binding: BotBinding = { businessId: connection.businessId, botId: connection.botId };
    const bot = createBot(deps, options, binding, connection.token);
    if (me) bot.botInfo = me;
    const entry: Attached = { bot, binding, secret: Buffer.from(webhookSecret(deps.appSecret, binding.botId)), connected: false, detached: false };
    attached.set(binding.botId, entry);
    setState(entry, 'connecting');
    return connect(entry, options.connectRetryMs ?? 1_000);
  };
  const detach = async (botId: string, detachOptions: { forget?: boolean } = {}): Promise<void> => {
    const entry = attached.get(botId);
    if (!entry) return;
    entry.detached = true;
    attached.delete(botId);
    states.delete(botId);
    if (byBusiness.get(entry.binding.businessId) === botId) byBusiness.delete(entry.binding.businessId);
    if (entry.retry) clearTimeout(entry.retry);
    if (entry.runner?.isRunning()) await entry.runner.stop();
    if (detachOptions.forget && entry.connected) await unregisterBot(deps, entry.bot, entry.binding, options);
    deps.logger.info({ bot: Number(botId) }, 'Telegram bot detached');
  };
  const connectedApi = (businessId: string): Api | undefined => {
    const botId = byBusiness.get(businessId);
    const entry = botId === undefined ? undefined : attached.get(botId);
    return entry?.connected ? entry.bot.api : undefined;
  };
  function authorizes(botId: string, secretHeader: string): boolean {
    const entry = attached.get(botId);
    if (!entry?.connected) return false;
    const given = Buffer.from(secretHeader);
    return given.length === entry.secret.length && timingSafeEqual(given, entry.secret);
  }

  for (const connection of connections) void launch(connection);
  return {
    sender: telegramSender({ ctx: deps.ctx, translator: deps.translator, logger: deps.logger, apiFor: connectedApi }),
    status: () => [...states.values()],
    authorizes,
    async attach(connection, me) {
      const previous = [...attached.values()].filter((e) => e.binding.botId === connection.botId || e.binding.businessId === connection.businessId);
      // The same bot with a new token keeps its webhook (the new token sets it again); another bot's goes.
      for (const entry of previous) await detach(entry.binding.botId, { forget: entry.binding.botId !== connection.botId });
      if (stopped) return;
      await launch(connection, me);
    },
    detach,
    async handleWebhook(botId, secretHeader, body) {
      const entry = attached.get(botId);
      if (!entry?.connected) return { outcome: 'unknown_bot' };
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
      for (const entry of attached.values()) if (entry.retry) clearTimeout(entry.retry);
      // Updates already answered to Telegram are finished before the database closes (bounded).
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
        await Promise.race([Promise.allSettled([...inFlight]), limit]);
        clearTimeout(timer);
      }
      await Promise.all([...attached.values()].map((entry) => (entry.runner?.isRunning() ? entry.runner.stop() : undefined)));
    },
  };
}
