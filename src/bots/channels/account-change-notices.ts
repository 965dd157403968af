import type { Logger } from 'pino';
import type { ChatBotConnector } from '../../app/channels/chat-bot-connector.ts';
import type { TwilioConnector } from '../../app/channels/twilio-account.ts';
import type { ChannelRegistry } from './channel-registry.ts';

/** Tells the other processes that a business's chat accounts changed (channel-accounts-notice.ts). */
export type AnnounceAccountChange = (businessId: string) => Promise<void>;

/**
 * The channels whose accounts the panel connects in one process and the others must
 * re-read: Telegram bots and Twilio accounts. (A linked WhatsApp number is driven by the
 * one process holding its lock, and the web chat has no account.)
 */
export const ANNOUNCED_CHANNELS = ['telegram', 'twilio-sms', 'twilio-whatsapp'] as const;

/**
 * Re-reads the business's stored accounts on each announced channel this process runs:
 * each channel serves them as its role allows (a worker's Telegram bots only send, a
 * channels process long-polls them) or stops one that was removed. One channel failing
 * does not keep the others from trying.
 */
export async function reattachBusinessAccounts(registry: ChannelRegistry, businessId: string, logger: Logger): Promise<void> {
  for (const id of ANNOUNCED_CHANNELS) {
    const channel = registry.get(id);
    if (!channel) continue;
    await channel.attach(businessId).catch((error: unknown) => logger.error({ err: error, channel: id, businessId }, 'could not re-attach an account changed in another process'));
  }
  logger.info({ businessId }, 'chat accounts re-read after a change in another process');
}

// Announced after this process has attached (or detached) the account itself. A failed
// announcement is logged, not thrown: the account is saved and served here; the other
// processes pick it up when they restart.
function announcer(announce: AnnounceAccountChange | undefined, logger: Logger): AnnounceAccountChange {
  return async (businessId) => {
    await announce?.(businessId).catch((error: unknown) => logger.warn({ err: error, businessId }, 'could not tell the other processes about a changed chat account'));
  };
}

/** The Telegram connector, announcing each connect and disconnect that changed something. */
export function announcingBotConnector(connector: ChatBotConnector, announce: AnnounceAccountChange | undefined, logger: Logger): ChatBotConnector {
  const tell = announcer(announce, logger);
  return {
    async connectTelegram(businessId, token, actor) {
      const outcome = await connector.connectTelegram(businessId, token, actor);
      if (outcome.kind === 'connected') await tell(businessId);
      return outcome;
    },
    async disconnectTelegram(businessId, actor) {
      const removed = await connector.disconnectTelegram(businessId, actor);
      if (removed) await tell(businessId);
      return removed;
    },
    telegramStatus: (businessId) => connector.telegramStatus(businessId),
  };
}

/** The Twilio connector, announcing each connect and disconnect that changed something. */
export function announcingTwilioConnector(connector: TwilioConnector, announce: AnnounceAccountChange | undefined, logger: Logger): TwilioConnector {
  const tell = announcer(announce, logger);
  return {
    async connectTwilio(businessId, input, actor) {
      const outcome = await connector.connectTwilio(businessId, input, actor);
      if (outcome.kind === 'connected') await tell(businessId);
      return outcome;
    },
    async disconnectTwilio(businessId, actor) {
      const removed = await connector.disconnectTwilio(businessId, actor);
      if (removed) await tell(businessId);
      return removed;
    },
    twilioStatus: (businessId) => connector.twilioStatus(businessId),
  };
}
