import type { DeliveryChannel } from '../../db/entities/index.ts';
import type { Audience, NotificationTopic } from './notification-topics.ts';

/** One message for one chat, as the dispatcher hands it to a channel. */
export interface OutgoingMessage {
  deliveryId: string;
  businessId: string;
  chatId: string;
  /** What happened (`booking.confirmed`, `booking.reminder`…); the channel words it. */
  topic: NotificationTopic;
  payload: Record<string, unknown>;
  audience: Audience;
  locale: string | null;
}

/**
 * How a send went. `retryAfterMs` is the channel's own rate-limit answer (Telegram's
 * `retry_after`). `notReadyForMs`: the channel cannot send for this business yet (its
 * bot is still connecting) — try again after that long without spending an attempt.
 */
export type SendOutcome = { ok: true } | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean; notReadyForMs?: number };

/**
 * A chat channel as the dispatcher sees it: renders the message in the recipient's
 * language for its medium (inline keyboards, numbered lists, SMS length) and sends it.
 * Implemented by each channel adapter (Telegram, WhatsApp, SMS).
 */
export interface ChannelSender {
  channel: DeliveryChannel;
  /** Sends at most this many messages per second overall, and one per `perChatIntervalMs` to one chat. */
  limits: { perSecond: number; perChatIntervalMs: number };
  /**
   * The longest one `send` can take, its own retries and timeouts included: the
   * dispatcher starts a send only while that much of its lease is left.
   */
  maxSendMs: number;
  /**
   * Whether the channel can send for this business now (its bot is connected). A
   * delivery for a business it cannot serve waits without using the channel's pace.
   */
  readyFor?(businessId: string): boolean;
  send(message: OutgoingMessage): Promise<SendOutcome>;
}
