import { Api, GrammyError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotConnectOutcome, ChatBotConnector, ChatBotStatus } from '../../app/channels/chat-bot-connector.ts';
import { ConnectTelegramBotInput, maskTelegramToken } from '../../app/channels/telegram-token.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { REQUEST_TIMEOUT_SECONDS } from './telegram-api-limits.ts';
import type { TelegramChannel } from './telegram-channel.ts';
import { connectTelegramBot, disconnectTelegramBot, storedTelegramBot, TelegramBotTaken } from './telegram-connections.ts';

/** What the connector needs: the running channel and how it reaches Telegram. */
export interface TelegramBotConnectorDeps {
  ctx: UseCaseContext;
  channel: TelegramChannel;
  logger: Logger;
  appSecret: string;
  previousAppSecret?: string | undefined;
  apiRoot: string;
  mode: 'webhook' | 'polling';
}

/**
 * The panel's way to a business's Telegram bot ({@link ChatBotConnector}): a token is
 * checked with `getMe` (through the configured Bot API root), stored sealed, and the bot
 * attached to the running channel at once — its webhook set, or long-polled when there
 * is no https PUBLIC_URL. Disconnecting detaches it and deletes the token.
 */
export function telegramBotConnector(deps: TelegramBotConnectorDeps): ChatBotConnector {
  return {
    async connectTelegram(businessId, rawToken, actor): Promise<BotConnectOutcome> {
      const input = ConnectTelegramBotInput.safeParse({ token: rawToken });
      if (!input.success) return { kind: 'invalid_token' };
      const token = input.data.token;
      const me = await askTelegram(deps, token);
      if (me === 'invalid_token' || me === 'unreachable') return { kind: me };
      let connection;
      try {
        connection = await connectTelegramBot(deps.ctx, businessId, deps.appSecret, token, { username: me.username, actor });
      } catch (error) {
        if (error instanceof TelegramBotTaken) return { kind: 'taken' };
        throw error;
      }
      // The business's previous bot (if another one) is detached and its webhook removed first.
      await deps.channel.attach(connection, me);
      deps.logger.info({ bot: Number(connection.botId), username: me.username }, 'Telegram bot connected from the panel');
      return { kind: 'connected', username: me.username };
    },

    async disconnectTelegram(businessId, actor) {
      const botId = await disconnectTelegramBot(deps.ctx, businessId, actor);
      if (botId === null) return false;
      await deps.channel.detach(botId, { forget: true });
      return true;
    },

    async telegramStatus(businessId): Promise<ChatBotStatus | null> {
      const stored = await storedTelegramBot(deps.ctx, businessId, { current: deps.appSecret, previous: deps.previousAppSecret });
      if (!stored) return null;
      const maskedToken = stored.token === null ? null : maskTelegramToken(stored.token);
      const base = { username: stored.username, maskedToken, mode: deps.mode, lastError: null };
      if (stored.token === null) return { ...base, state: 'failing', since: null, problem: 'token_unreadable' };
      const running = deps.channel.status().find((s) => s.botId === stored.botId && s.businessId === businessId);
      if (!running) return { ...base, state: 'failing', since: null, problem: 'not_running' };
      return { ...base, username: running.username ?? stored.username, state: running.state, since: running.since, lastError: running.error ?? null, problem: null };
    },
  };
}

/**
 * One bounded `getMe`: the bot's identity, or why not. Telegram answers 401 for a
 * revoked or made-up token (404 for one whose shape it cannot route); anything else —
 * no answer, a timeout, a 5xx — means Telegram could not be asked.
 */
async function askTelegram(deps: TelegramBotConnectorDeps, token: string): Promise<UserFromGetMe | 'invalid_token' | 'unreachable'> {
  try {
    return await new Api(token, { apiRoot: deps.apiRoot, timeoutSeconds: REQUEST_TIMEOUT_SECONDS }).getMe();
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) return 'invalid_token';
    deps.logger.warn({ err: error }, 'could not check a Telegram bot token with Telegram');
    return 'unreachable';
  }
}
