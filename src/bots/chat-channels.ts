import type { Logger } from 'pino';
import { BusinessSchema } from '../db/entities/index.ts';
import { emAcrossBusinesses } from '../db/tenant-scope.ts';
import { connectTelegramBot } from './telegram/telegram-connections.ts';
import { linkCodeLines } from './link-code-lines.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import { createTranslator, loadMessages } from '../i18n/translator.ts';
import type { ChannelSender } from '../app/notifications/channel-sender.ts';
import { startTelegramChannel, type TelegramChannel } from './telegram/telegram-channel.ts';
import { telegramChatChannel } from './telegram/telegram-chat-channel.ts';
import { ChannelRegistry } from './channels/channel-registry.ts';
import type { ChannelReadinessCounts, ChannelRoute } from './channels/chat-channel.ts';
import { telegramBotConnector } from './telegram/telegram-bot-connector.ts';
import type { ChatBotConnector } from '../app/channels/chat-bot-connector.ts';

/** Settings of the chat channels, from the service's config. */
export interface ChatChannelSettings {
  appSecret: string;
  /** APP_SECRET_PREVIOUS during a rotation: tokens sealed under it still open. */
  previousAppSecret?: string | undefined;
  publicUrl: string;
  telegram: { botToken: string | undefined; mode: 'webhook' | 'polling'; apiRoot: string };
  /** The business a token from the environment is connected to (the demo one), else the first. */
  preferredBusinessSlug: string;
}

/** The running chat channels, as the composition root wires them. */
export interface ChatChannels {
  /** Every running channel: the panel attaches and detaches a business's accounts through it. */
  registry: ChannelRegistry;
  /** One outbox sender per channel name. */
  senders: Map<string, ChannelSender>;
  /** The channels' webhook routes, for the HTTP layer to mount. */
  routes: ChannelRoute[];
  /** Connects and disconnects businesses' bots while running (the panel's Channels page). */
  bots: ChatBotConnector;
  /** Lines for the start banner: how to link the team chat and staff accounts. */
  bannerLines: string[];
  /** How many bots are connected, still connecting, or failing to connect (for `/ready`). */
  readiness(): ChannelReadinessCounts;
  stop(): Promise<void>;
}

// An unfinished booking flow gives its hold back after this long without an answer.
const IDLE_MINUTES = 30;

/** Starts every chat channel with connected bots (Telegram so far) and their outbox senders. */
export async function startChatChannels(ctx: UseCaseContext, logger: Logger, settings: ChatChannelSettings): Promise<ChatChannels> {
  const translator = await createTranslator(await loadMessages());
  const bannerLines: string[] = [];
  if (settings.telegram.botToken) {
    const em = emAcrossBusinesses(ctx.orm);
    const business =
      (await em.findOne(BusinessSchema, { slug: settings.preferredBusinessSlug })) ?? (await em.find(BusinessSchema, {}, { orderBy: { createdAt: 'asc' }, limit: 1 }))[0];
    if (business) {
      const connected = await connectTelegramBot(ctx, business.id, settings.appSecret, settings.telegram.botToken);
      // The codes decide who sees customers' names and phones: shown once, when the bot is
      // first connected, not in every start's log.
      if (connected.newlyConnected) bannerLines.push(...(await linkCodeLines(em, settings.appSecret, business)));
      else bannerLines.push(`Telegram bot connected to ${business.name}; the team's link codes: npm run codes`);
    } else {
      logger.warn('TELEGRAM_BOT_TOKEN is set but there is no business to connect it to yet');
    }
  }
  const telegram: TelegramChannel = await startTelegramChannel(
    { ctx, translator, logger: logger.child({ component: 'telegram' }), appSecret: settings.appSecret, previousAppSecret: settings.previousAppSecret, idleMinutes: IDLE_MINUTES },
    { apiRoot: settings.telegram.apiRoot, mode: settings.telegram.mode, publicUrl: settings.publicUrl, throttle: true, registerWithTelegram: true },
  );
  const registry = new ChannelRegistry();
  // Always: a bot connected later from the panel serves its business's notifications at once.
  registry.register(telegramChatChannel({ ctx, channel: telegram, appSecrets: { current: settings.appSecret, previous: settings.previousAppSecret }, mode: settings.telegram.mode }));
  const bots = telegramBotConnector({
    ctx,
    channel: telegram,
    logger: logger.child({ component: 'telegram' }),
    appSecret: settings.appSecret,
    previousAppSecret: settings.previousAppSecret,
    apiRoot: settings.telegram.apiRoot,
    mode: settings.telegram.mode,
  });
  return {
    registry,
    senders: registry.senders(),
    routes: registry.routes(),
    bots,
    bannerLines,
    readiness: () => registry.readiness(),
    stop: () => registry.stop(),
  };
}
