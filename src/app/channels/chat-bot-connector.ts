import type { Actor } from '../shared/use-case-context.ts';

/**
 * How connecting a business's Telegram bot by its token ended:
 * - `connected`: Telegram knows the token; the bot is stored (sealed) and serving;
 * - `invalid_token`: not a token's shape, or Telegram refused it (`getMe` said 401);
 * - `unreachable`: Telegram could not be asked (network, timeout, Telegram down);
 * - `taken`: another business has connected this bot.
 */
export type BotConnectOutcome = { kind: 'connected'; username: string } | { kind: 'invalid_token' } | { kind: 'unreachable' } | { kind: 'taken' };

/** Where a connected bot stands in this process. */
export type ChatBotState = 'connecting' | 'connected' | 'failing';

/**
 * Why a stored bot is not serving, beyond a connection error: its token was sealed under
 * an APP_SECRET this service no longer has (connect it again), or it is not running in
 * this process (the channels run in another process).
 */
export type ChatBotProblem = 'token_unreadable' | 'not_running';

/** A business's bot on one channel, as the panel shows it. Never the token itself. */
export interface ChatBotStatus {
  state: ChatBotState;
  /** The bot's @username (without the @), once Telegram told it. */
  username: string | null;
  /** The token with its secret hidden (`123456:••••••••wxyz`), or null when it cannot be read. */
  maskedToken: string | null;
  /** How updates arrive: Telegram calls our webhook (https PUBLIC_URL), or we long-poll. */
  mode: 'webhook' | 'polling';
  /** Since when (epoch ms) it has been in this state. */
  since: number | null;
  /** The last connection error as Telegram or the network reported it, when failing. */
  lastError: string | null;
  problem: ChatBotProblem | null;
}

/**
 * Connects and disconnects a business's chat bots while the service runs: the panel's
 * way to the chat channels. Defined here, implemented by the channels (`src/bots`),
 * wired in `main.ts`, so the panel and the bots never import each other.
 */
export interface ChatBotConnector {
  /**
   * Checks a Telegram bot token with Telegram, stores it sealed for the business
   * (replacing its previous bot) and starts the bot at once: webhook or long polling.
   * Audited (never the token).
   */
  connectTelegram(businessId: string, token: string, actor: Actor): Promise<BotConnectOutcome>;
  /** Stops the business's Telegram bot and forgets its token. False when none was connected. */
  disconnectTelegram(businessId: string, actor: Actor): Promise<boolean>;
  /** The business's Telegram bot, or null when none is connected. */
  telegramStatus(businessId: string): Promise<ChatBotStatus | null>;
}
