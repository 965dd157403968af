import type { AppSecrets } from '../../db/secret-box.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { ChannelCapabilities, ChatChannel } from '../channels/chat-channel.ts';
import type { TelegramChannel } from './telegram-channel.ts';
import { storedTelegramBot } from './telegram-connections.ts';
import { telegramWebhookRoute } from './telegram-webhook.ts';

/** What Telegram can show: inline buttons, edits in place, photos and files; a bot never writes first. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  buttons: true,
  edits: true,
  images: true,
  documents: true,
  maxTextLength: 4096,
  startsConversations: false,
};

/**
 * The running Telegram channel as the registry sees it: its outbox sender, its webhook
 * route (webhook mode only), and a business's bot attached or detached by reading what
 * is stored for it (the panel stores first, then attaches).
 */
export function telegramChatChannel(deps: { ctx: UseCaseContext; channel: TelegramChannel; appSecrets: AppSecrets; mode: 'webhook' | 'polling' }): ChatChannel {
  const { channel } = deps;
  const runningBotOf = (businessId: string) => channel.status().find((bot) => bot.businessId === businessId)?.botId;
  return {
    id: 'telegram',
    name: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    sender: channel.sender,
    routes: deps.mode === 'webhook' ? [telegramWebhookRoute(channel)] : [],
    async attach(businessId) {
      const stored = await storedTelegramBot(deps.ctx, businessId, deps.appSecrets);
      if (stored?.token) return channel.attach({ businessId, botId: stored.botId, token: stored.token });
      const running = runningBotOf(businessId);
      if (running) await channel.detach(running, { forget: true });
    },
    async detach(businessId) {
      const running = runningBotOf(businessId);
      if (running) await channel.detach(running, { forget: true });
    },
    readiness() {
      const counts = { connected: 0, connecting: 0, failing: 0 };
      for (const bot of channel.status()) counts[bot.state] += 1;
      return counts;
    },
    stop: () => channel.stop(),
  };
}
