import { envAccountBusiness } from '../db/seed/env-business.ts';
import type { Logger } from 'pino';
import { emAcrossBusinesses } from '../db/tenant-scope.ts';
import { connectTelegramBot } from './telegram/telegram-connections.ts';
import { linkCodeLines } from './link-code-lines.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import { createTranslator, loadMessages, type Translator } from '../i18n/translator.ts';
import type { ChannelSender } from '../app/notifications/channel-sender.ts';
import { startTelegramChannel, type TelegramChannel } from './telegram/telegram-channel.ts';
import { telegramChatChannel } from './telegram/telegram-chat-channel.ts';
import { ChannelRegistry } from './channels/channel-registry.ts';
import type { ChannelReadinessCounts, ChannelRoute } from './channels/chat-channel.ts';
import { telegramBotConnector } from './telegram/telegram-bot-connector.ts';
import type { ChatBotConnector } from '../app/channels/chat-bot-connector.ts';
import type { TwilioConnector } from '../app/channels/twilio-account.ts';
import type { WhatsAppLinking } from '../app/channels/whatsapp-linking.ts';
import { startTwilioChannels } from './twilio/twilio-channel.ts';
import { connectTwilioFromEnv, type TwilioEnvAccount } from './twilio/twilio-connections.ts';
import { twilioConnector } from './twilio/twilio-connector.ts';
import { startWhatsAppChannel } from './whatsapp/whatsapp-channel.ts';
import { createWebChatChannel } from './webchat/web-chat-channel.ts';
import { announcingBotConnector, announcingTwilioConnector, reattachBusinessAccounts, type AnnounceAccountChange } from './channels/account-change-notices.ts';
import type { WebChatVisitors } from '../app/channels/web-chat.ts';

/** Settings of the chat channels, from the service's config. */
export interface ChatChannelSettings {
  appSecret: string;
  /** APP_SECRET_PREVIOUS during a rotation: tokens sealed under it still open. */
  previousAppSecret?: string | undefined;
  publicUrl: string;
  telegram: { botToken: string | undefined; mode: 'webhook' | 'polling'; apiRoot: string };
  twilio: { account: TwilioEnvAccount | undefined; apiBase: string | undefined };
  /** The database the WhatsApp number locks hold a connection of their own to. */
  databaseUrl: string;
  /** The business a token from the environment is connected to (the demo one), else the first. */
  preferredBusinessSlug: string;
  /** What this process does with the channels (from its role, see process-role.ts); everything when absent. */
  parts?: ChannelParts;
  /** Tells the other processes when the panel connects or disconnects an account here (absent: nobody is told). */
  announce?: AnnounceAccountChange;
}

/** The channels' long-lived and first-start parts one process runs. */
export interface ChannelParts {
  /** Long-poll Telegram (polling mode) and set bots' webhooks and commands with Telegram. */
  telegramUpdates: boolean;
  /** Start every linked WhatsApp number (each under its advisory lock). */
  whatsappSessions: boolean;
  /** Connect TELEGRAM_BOT_TOKEN and TWILIO_* to the demo (or first) business. */
  accountsFromEnv: boolean;
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
  /** Links and unlinks businesses' own WhatsApp numbers (the panel's Channels page). */
  whatsapp: WhatsAppLinking;
  /** Connects and disconnects businesses' Twilio accounts (the panel's Channels page). */
  twilio: TwilioConnector;
  /** The web chat's visitor side, for its pages at `/chat/<slug>`. */
  webChatVisitors: WebChatVisitors;
  /** Lines for the start banner: how to link the team chat and staff accounts. */
  bannerLines: string[];
  /** How many bots are connected, still connecting, or failing to connect (for `/ready`). */
  readiness(): ChannelReadinessCounts;
  /** Re-reads a business's Telegram bot and Twilio account after another process changed them. */
  reattach(businessId: string): Promise<void>;
  stop(): Promise<void>;
}

// An unfinished booking flow gives its hold back after this long without an answer.
const IDLE_MINUTES = 30;

/**
 * Starts every chat channel — Telegram bots, linked WhatsApp numbers, Twilio SMS and
 * WhatsApp Business, the web chat — with what is connected, registers each in one registry, and
 * connects the environment's demo accounts (TELEGRAM_BOT_TOKEN, TWILIO_*).
 */
export async function startChatChannels(ctx: UseCaseContext, logger: Logger, settings: ChatChannelSettings): Promise<ChatChannels> {
  const translator = await createTranslator(await loadMessages());
  const bannerLines: string[] = [];
  const parts = settings.parts ?? { telegramUpdates: true, whatsappSessions: true, accountsFromEnv: true };
  if (settings.telegram.botToken && parts.accountsFromEnv) {
    const em = emAcrossBusinesses(ctx.orm);
    const business =
      await envAccountBusiness(em, settings.preferredBusinessSlug);
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
    { apiRoot: settings.telegram.apiRoot, mode: settings.telegram.mode, publicUrl: settings.publicUrl, throttle: true, registerWithTelegram: parts.telegramUpdates, pollUpdates: parts.telegramUpdates },
  );
  const appSecrets = { current: settings.appSecret, previous: settings.previousAppSecret };
  const registry = new ChannelRegistry();
  // Always: an account connected later from the panel serves its business's notifications at once.
  registry.register(telegramChatChannel({ ctx, channel: telegram, appSecrets, mode: settings.telegram.mode }));
  // The channel that needs no account: every business has it at /chat/<slug>.
  const webChat = createWebChatChannel({ ctx, translator, idleMinutes: IDLE_MINUTES });
  registry.register(webChat);
  let linking: WhatsAppLinking;
  let numbers: TwilioConnector;
  try {
    ({ linking, numbers } = await startNumberChannels(ctx, logger, settings, parts, { translator, registry, bannerLines }));
  } catch (error) {
    // Whatever started is stopped again: a half-started process must not hold sockets or locks.
    await registry.stop().catch(() => undefined);
    throw error;
  }
  const bots = announcingBotConnector(telegramBotConnector({
    ctx,
    channel: telegram,
    logger: logger.child({ component: 'telegram' }),
    appSecret: settings.appSecret,
    previousAppSecret: settings.previousAppSecret,
    apiRoot: settings.telegram.apiRoot,
    mode: settings.telegram.mode,
  }), settings.announce, logger);
  return {
    registry,
    senders: registry.senders(),
    routes: registry.routes(),
    bots,
    whatsapp: linking,
    twilio: announcingTwilioConnector(numbers, settings.announce, logger),
    webChatVisitors: webChat.visitors,
    bannerLines,
    readiness: () => registry.readiness(),
    reattach: (businessId) => reattachBusinessAccounts(registry, businessId, logger),
    stop: () => registry.stop(),
  };
}

/** Twilio's SMS and WhatsApp Business channels and the linked WhatsApp numbers, registered. */
async function startNumberChannels(
  ctx: UseCaseContext,
  logger: Logger,
  settings: ChatChannelSettings,
  parts: ChannelParts,
  shared: { translator: Translator; registry: ChannelRegistry; bannerLines: string[] },
): Promise<{ linking: WhatsAppLinking; numbers: TwilioConnector }> {
  const appSecrets = { current: settings.appSecret, previous: settings.previousAppSecret };
  const account = parts.accountsFromEnv ? settings.twilio.account : undefined;
  if (account) {
    const connected = await connectTwilioFromEnv(ctx, appSecrets, account, settings.preferredBusinessSlug);
    if (connected) shared.bannerLines.push(`Twilio numbers connected to ${connected.businessName}: ${[account.smsFrom, account.whatsappFrom].filter(Boolean).join(', ')}`);
    else logger.warn('TWILIO_ACCOUNT_SID is set but there is no business to connect it to yet');
  }
  const twilio = await startTwilioChannels({
    ctx,
    translator: shared.translator,
    logger: logger.child({ component: 'twilio' }),
    appSecret: appSecrets,
    publicUrl: settings.publicUrl,
    apiBase: settings.twilio.apiBase,
    idleMinutes: IDLE_MINUTES,
  });
  shared.registry.register(twilio.sms);
  shared.registry.register(twilio.whatsapp);
  const whatsapp = await startWhatsAppChannel({
    ctx,
    translator: shared.translator,
    logger: logger.child({ component: 'whatsapp' }),
    appSecret: settings.appSecret,
    previousAppSecret: settings.previousAppSecret,
    idleMinutes: IDLE_MINUTES,
    databaseUrl: settings.databaseUrl,
  }, { startLinked: parts.whatsappSessions });
  shared.registry.register(whatsapp);
  return { linking: whatsapp, numbers: twilioConnector({ ctx, appSecret: appSecrets, publicUrl: settings.publicUrl, channels: twilio }) };
}
