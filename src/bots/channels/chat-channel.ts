import type { Channel } from '../../db/entities/index.ts';
import type { ChannelSender } from '../../app/notifications/channel-sender.ts';

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

/**
 * One HTTP request to a channel's route, as the HTTP layer hands it over: path
 * parameters, headers (lower-case names) and the parsed body (JSON or form fields).
 */
export interface ChannelRequest {
  params: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string | undefined>>;
  body: unknown;
}

/**
 * How a channel answered a request, in the channel's terms; `src/admin` maps each
 * outcome to an HTTP status (HTTP codes live there only).
 * - `ok`: handled (or a duplicate, ignored); `body` is sent with `contentType`;
 * - `unauthorized`: not a known account's request with its secret (an unknown bot id, a
 *   wrong secret header): one answer for all, so ids cannot be probed;
 * - `forbidden`: a signature did not match — nothing was stored;
 * - `not_found`: no such business or number on this channel;
 * - `bad_request`: the body is not what the provider sends.
 */
export interface ChannelAnswer {
  outcome: 'ok' | 'unauthorized' | 'forbidden' | 'not_found' | 'bad_request';
  body?: string;
  contentType?: string;
}

/** A route a channel serves (a provider's webhook), mounted by the HTTP layer. */
export interface ChannelRoute {
  method: 'POST';
  /** Fastify path with `:params` (`/twilio/:slug/sms`). */
  url: string;
  /** How the body is encoded: JSON (Telegram), or form fields (Twilio). */
  body: 'json' | 'form';
  /** Bytes; a larger body is refused before it is read. */
  bodyLimit: number;
  /**
   * Checked before the body is read (a secret header): false → refused at once. The
   * same answer for every refusal, so ids cannot be probed.
   */
  authorize?(request: Omit<ChannelRequest, 'body'>): boolean;
  handle(request: ChannelRequest): Promise<ChannelAnswer>;
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
