import type { Channel } from '../../db/entities/index.ts';
import type { ChannelSender } from '../../app/notifications/channel-sender.ts';
import type { ChannelRoute } from '../../app/channels/channel-route.ts';

export type { ChannelAnswer, ChannelRequest, ChannelRoute } from '../../app/channels/channel-route.ts';

/**
 * What a channel can show and do. The engine's messages are rendered to fit: without
 * `buttons` choices become numbered text; without `images` a payment QR becomes its link.
 */
export interface ChannelCapabilities {
  /** Pressable choices (Telegram's inline keyboards, the web chat's buttons). */
  buttons: boolean;
  /** A sent message can be edited in place (a menu redrawn instead of sent again). */
  edits: boolean;
  images: boolean;
  documents: boolean;
  /** The longest text one message may carry (SMS: what two segments hold). */
  maxTextLength: number;
  /** The business may write first (Telegram cannot; Twilio WhatsApp only with a template). */
  startsConversations: boolean;
}

/** How a channel's accounts (bots, numbers) stand in this process, for `/ready`. */
export interface ChannelReadinessCounts {
  connected: number;
  connecting: number;
  failing: number;
}

/**
 * A chat channel: Telegram, WhatsApp (Baileys), SMS and WhatsApp Business (Twilio), the
 * web chat. It serves every business whose account on it is connected, and connects or
 * disconnects one business's account while running (no restart): the panel calls this
 * through the registry.
 */
export interface ChatChannel {
  /** Names this implementation (`telegram`, `whatsapp-web`, `twilio-sms`, `twilio-whatsapp`, `webchat`). */
  id: string;
  /**
   * The channel customers and team chats are addressed on. Two implementations may share
   * one (WhatsApp through a linked number or through Twilio): a business uses one of them,
   * and the registry's sender picks the one ready for it.
   */
  name: Channel;
  capabilities: ChannelCapabilities;
  /** The outbox's sender for this channel. */
  sender: ChannelSender;
  /** Webhook routes the HTTP layer mounts (none for channels that hold their own connection). */
  routes: ChannelRoute[];
  /** (Re)reads the business's stored account on this channel and serves it; a removed one stops. */
  attach(businessId: string): Promise<void>;
  /** Stops serving the business's account on this channel. */
  detach(businessId: string): Promise<void>;
  readiness(): ChannelReadinessCounts;
  /** Stops every account, after the work in hand (bounded). */
  stop(): Promise<void>;
}
