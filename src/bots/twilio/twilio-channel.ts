import type { ChannelCapabilities, ChatChannel } from '../channels/chat-channel.ts';
import { ChatWorkQueue } from '../channels/chat-work-queue.ts';
import { activeTwilioAccounts } from './twilio-connections.ts';
import { handleInboundText } from './twilio-inbound.ts';
import { TwilioLine, type TwilioDeps } from './twilio-line.ts';
import type { TwilioChannelName } from './opt-out.ts';
import { twilioSender } from './twilio-sender.ts';
import { TWILIO_MAX_TEXT } from './twilio-text.ts';
import { twilioWebhookRoute } from './twilio-webhook.ts';

// Messages of one customer waiting to be handled; more are dropped (a flood, not a chat).
const PER_CHAT_QUEUE = 10;
// How long stopping waits for messages in hand (the engine's answer and its sends).
const STOP_WAIT_MS = 15_000;

const CAPABILITIES: Record<TwilioChannelName, ChannelCapabilities> = {
  sms: { buttons: false, edits: false, images: false, documents: false, maxTextLength: TWILIO_MAX_TEXT.sms, startsConversations: true },
  // Outside the 24-hour window only approved templates reach the customer.
  whatsapp: { buttons: false, edits: false, images: false, documents: false, maxTextLength: TWILIO_MAX_TEXT.whatsapp, startsConversations: false },
};

/** Twilio's two channels: SMS (`twilio-sms`) and WhatsApp Business (`twilio-whatsapp`). */
export interface TwilioChannels {
  sms: ChatChannel;
  whatsapp: ChatChannel;
  /** Resolves once every inbound message taken so far is handled and answered (tests, orderly shutdown). */
  idle(): Promise<void>;
}

/**
 * Starts Twilio's channels for every business with a connected account: webhooks for
 * inbound messages, outbox senders, and attach/detach of one business's account while
 * running (after the panel saved or removed it). Register both with the registry.
 */
export async function startTwilioChannels(deps: TwilioDeps): Promise<TwilioChannels> {
  const lines = { sms: new TwilioLine('sms', deps), whatsapp: new TwilioLine('whatsapp', deps) };
  const { connections, unreadable } = await activeTwilioAccounts(deps.ctx, deps.appSecret);
  for (const connection of connections) for (const line of Object.values(lines)) line.serve(connection);
  for (const { businessId } of unreadable) for (const line of Object.values(lines)) line.unreadable.add(businessId);
  if (unreadable.length > 0) {
    deps.logger.warn({ accounts: unreadable.map((u) => u.accountSid) }, 'Twilio auth tokens sealed under another APP_SECRET: connect these accounts again');
  }
  const sms = channelOf(lines.sms);
  const whatsapp = channelOf(lines.whatsapp);
  return { sms: sms.channel, whatsapp: whatsapp.channel, idle: async () => void (await Promise.all([sms.queue.idle(), whatsapp.queue.idle()])) };
}

function channelOf(line: TwilioLine): { channel: ChatChannel; queue: ChatWorkQueue } {
  const queue = new ChatWorkQueue({
    perChat: PER_CHAT_QUEUE,
    onError: (error) => {
      line.deps.logger.error({ err: error, channel: line.channel }, 'an inbound Twilio message failed');
      line.deps.ctx.metrics?.error('twilio');
    },
  });
  const route = twilioWebhookRoute(line, (served, inbound) => {
    const queued = queue.push(`${served.connection.businessId}:${inbound.number}`, () => handleInboundText(line, served, inbound));
    if (!queued) line.deps.logger.warn({ businessId: served.connection.businessId, channel: line.channel }, 'too many messages from one number at once: one dropped');
  });
  const channel: ChatChannel = {
    id: `twilio-${line.channel}`,
    name: line.channel,
    capabilities: CAPABILITIES[line.channel],
    sender: twilioSender(line),
    routes: [route],
    attach: (businessId) => line.attach(businessId),
    detach: async (businessId) => line.detach(businessId),
    // Webhooks need no connection: a served number is connected; a token that does not open is failing.
    readiness: () => ({ connected: line.size, connecting: 0, failing: line.unreadable.size }),
    stop: () => queue.stop(STOP_WAIT_MS),
  };
  return { channel, queue };
}
