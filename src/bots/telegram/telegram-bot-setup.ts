import { businessProfile } from '../../app/catalog/business-profile.ts';
import { createHmac } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, type Context } from 'grammy';
import { chatFloodGuard } from './chat-flood-guard.ts';
import { REQUEST_TIMEOUT_SECONDS, TELEGRAM_RETRY } from './telegram-api-limits.ts';
import { WEBHOOK_REPLY_METHODS } from './webhook-acknowledgement.ts';
import { firstTimeFromTeamChat } from '../../app/team/first-time-from-team-chat.ts';
import { LANGUAGES } from '../../i18n/translator.ts';
import { handleCustomerUpdate } from './customer-chat.ts';
import { handleLinkCommands, handleTeamUpdate } from './team-chat.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';

/** How the channel runs. */
export interface TelegramOptions {
  apiRoot: string;
  mode: 'webhook' | 'polling';
  /** The service's public base URL; webhooks are `<publicUrl>/telegram/<bot id>`. */
  publicUrl: string;
  /** Pace outgoing calls to Telegram's limits (grammY throttler). Off only in benchmarks that measure our own code. */
  throttle: boolean;
  /** Ask Telegram to set (and, for a bot disconnected, delete) the webhook and set commands (off against emulators that lack those methods). */
  registerWithTelegram: boolean;
  /**
   * Long-poll for updates in polling mode (default true). Off in processes that only
   * send (a worker) or leave polling to the channels process: two pollers of one bot
   * take each other's updates.
   */
  pollUpdates?: boolean;
  /** A webhook request is answered once its update is handled or after this long, whichever is first (default 2 s). */
  ackWithinMs?: number;
  /** First wait before a bot that could not reach Telegram tries again; doubles up to a minute (default 1 s). */
  connectRetryMs?: number;
}

// Updates of one chat that may wait in this process at once; past it the chat is asked to slow down.
const CHAT_QUEUE_CAP = 20;
// Telegram's own default; set explicitly so a change on their side does not change ours.
const WEBHOOK_MAX_CONNECTIONS = 40;

/** The webhook secret Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`, derived per bot from APP_SECRET. */
export function webhookSecret(appSecret: string, botId: string): string {
  return createHmac('sha256', appSecret).update(`telegram-webhook:${botId}`).digest('hex').slice(0, 48);
}

/**
 * One business's bot, ready to connect: bounded calls with grammY auto-retry (and
 * throttling), a capped queue per chat, one chat's updates in order, and one error
 * boundary per update that logs and answers politely.
 */
export function createBot(deps: TelegramDeps, options: TelegramOptions, binding: BotBinding, token: string): Bot {
  const bot = new Bot(token, {
    client: { apiRoot: options.apiRoot, timeoutSeconds: REQUEST_TIMEOUT_SECONDS, canUseWebhookReply: (method) => WEBHOOK_REPLY_METHODS.has(method) },
  });
  bot.api.config.use(autoRetry(TELEGRAM_RETRY));
  if (options.throttle) bot.api.config.use(apiThrottler());
  bot.use(chatFloodGuard(CHAT_QUEUE_CAP, (tg) => askToSlowDown(deps, tg)));
  bot.use(sequentialize((tg: Context) => tg.chat?.id.toString()));
  bot.use(errorBoundary(deps, binding));
  bot.use((tg) => route(deps, binding, tg));
  bot.catch((error) => {
    deps.logger.error({ err: error.error, bot: Number(binding.botId) }, 'Telegram update failed');
    deps.ctx.metrics?.error('telegram');
  });
  return bot;
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
      deps.ctx.metrics?.error('telegram');
      const text = deps.translator.t(tg.from?.language_code, 'telegram.error');
      // A pressed button may have been answered already (polling answers it early, and
      // Telegram takes one answer per press): then the apology goes to the chat instead.
      const alerted = tg.callbackQuery ? await tg.answerCallbackQuery({ text, show_alert: true }).then(() => true, () => false) : false;
      if (!alerted && tg.chat) await tg.reply(text).catch(() => undefined);
    }
  };
}

/** Sets the bot's webhook (or removes it, for long polling), its commands menus (customers', and the team's in groups) and its descriptions, in each language. */
export async function registerBot(deps: TelegramDeps, bot: Bot, binding: BotBinding, options: TelegramOptions): Promise<void> {
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
    const business = await businessProfile(deps.ctx, binding.businessId);
    for (const language of LANGUAGES) {
      const scope = language === 'en' ? {} : { language_code: language };
      const commands = (['start', 'book', 'my', 'language', 'help'] as const).map((command) => ({ command, description: deps.translator.t(language, `telegram.commands.${command}`) }));
      await bot.api.setMyCommands(commands, scope);
      // In groups the menu is the team's: the day's sheet, the chats that get bookings, and
      // what works in reply to a booking post (cancel with a reason, write to its customer).
      const team = (['today', 'tomorrow', 'chats', 'cancel', 'msg'] as const).map((command) => ({ command, description: deps.translator.t(language, `chat.team.commands.${command}`) }));
      await bot.api.setMyCommands(team, { ...scope, scope: { type: 'all_group_chats' } });
      // What an empty chat shows before the first /start, and the bot's profile line.
      await bot.api.setMyDescription(deps.translator.t(language, 'chat.team.bot_description', { business: business.name }).slice(0, 512), scope);
      await bot.api.setMyShortDescription(deps.translator.t(language, 'chat.team.bot_short_description', { business: business.name }).slice(0, 120), scope);
    }
  } catch (error) {
    deps.logger.warn({ err: error, bot: Number(binding.botId) }, 'could not register the webhook or commands with Telegram');
  }
}

/** A disconnected bot's webhook is removed, so Telegram stops calling us for it (best effort: its token may be revoked already). */
export async function unregisterBot(deps: TelegramDeps, bot: Bot, binding: BotBinding, options: TelegramOptions): Promise<void> {
  if (!options.registerWithTelegram || options.mode !== 'webhook') return;
  await bot.api.deleteWebhook().catch((error: unknown) => deps.logger.warn({ err: error, bot: Number(binding.botId) }, 'could not remove the webhook of a disconnected bot'));
}
