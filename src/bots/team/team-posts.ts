import type { Logger } from 'pino';
import { z } from 'zod';
import { rememberTeamPost } from '../../app/conversations/remember-team-post.ts';
import { bookingTeamPosts } from '../../app/conversations/booking-team-posts.ts';
import type { OutgoingMessage } from '../../app/notifications/channel-sender.ts';
import type { NotificationTopic } from '../../app/notifications/notification-topics.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Channel } from '../../db/entities/index.ts';
import type { TeamPostMemo } from './team-input.ts';

// A team notification about a booking names it and its customer (`BookingChangePayload`).
const AboutBooking = z.object({ bookingId: z.uuid(), customerId: z.uuid() }).loose();
const AboutCustomer = z.object({ customerId: z.uuid() }).loose();

// A review names its booking but is not a post about it: nothing to act on or redraw.
const NOT_BOOKING_POSTS: ReadonlySet<NotificationTopic> = new Set(['review.received']);

// Changes after which a booking's earlier posts no longer say how it stands (the
// customer cancelled, moved or paid; the deposit lapsed; a no-show was marked).
const REDRAWN_AFTER: ReadonlySet<NotificationTopic> = new Set(['booking.cancelled', 'booking.rescheduled', 'payment.received', 'booking.payment_expired', 'booking.no_show']);

/**
 * What an outbox message to a team chat is about, to remember once sent: a forwarded
 * customer message (`conversation.message`: replies are relayed to the customer) or a
 * post about a booking (typed actions act on it). Null for anything else (a digest, a
 * chat-linked notice) and for messages to customers.
 */
export function teamPostOf(m: Pick<OutgoingMessage, 'topic' | 'audience' | 'payload'>): TeamPostMemo | null {
  if (m.audience !== 'team') return null;
  if (m.topic === 'conversation.message') {
    const p = AboutCustomer.safeParse(m.payload);
    return p.success ? { customerId: p.data.customerId, bookingId: null } : null;
  }
  if (NOT_BOOKING_POSTS.has(m.topic)) return null;
  const p = AboutBooking.safeParse(m.payload);
  return p.success ? { customerId: p.data.customerId, bookingId: p.data.bookingId } : null;
}

/** Where a team post was sent, and what it is about. */
export interface SentTeamPost {
  businessId: string;
  channel: Channel;
  /** The team chat (a WhatsApp group JID). */
  chatId: string;
  /** The channel's id of the sent message: what a reply quotes (WhatsApp's message key id). */
  messageId: string;
  post: TeamPostMemo;
}

/**
 * Remembers a post a channel sent to a team chat, so replies quoting it work: call it
 * after sending a `TeamChatMessage` that carries `post` (a redrawn booking post), or,
 * from an outbox sender, with {@link teamPostOf} of the outbox message. Channels that
 * number a post's actions (WhatsApp) need it for booking posts; every channel needs it
 * for forwarded customer messages. Never throws: the message is sent already, and a
 * failure here must not send it twice — it is logged, and replies to that post go
 * unanswered.
 */
export async function rememberSentTeamPost(deps: { ctx: UseCaseContext; logger?: Logger | undefined }, sent: SentTeamPost): Promise<void> {
  try {
    await rememberTeamPost(deps.ctx, sent.businessId, {
      channel: sent.channel,
      teamChatId: sent.chatId,
      teamMessageId: sent.messageId,
      customerId: sent.post.customerId,
      bookingId: sent.post.bookingId,
      asks: sent.post.asks ?? null,
    });
  } catch (error) {
    deps.logger?.error({ err: error, channel: sent.channel }, 'team post sent but not remembered: replies to it will not be understood');
  }
}

/**
 * Redraws one earlier post of a channel that edits its messages (its message id), as the
 * message just sent says the booking now stands. Throws when the channel refuses (the
 * post is too old, or was deleted).
 */
export type RedrawTeamPost = (messageId: string) => Promise<void>;

/**
 * For an outbox sender of a channel with team chats: after sending `m`, remembers it
 * when it is a team post worth remembering ({@link teamPostOf}). A channel that edits
 * messages passes `redraw`: when `m` tells of a change that makes the booking's earlier
 * posts in this chat out of date (the customer cancelled, moved or paid), each is
 * redrawn as `m` shows it now — no stale buttons — besides `m` itself, which alerts the
 * team. Channels without edits (WhatsApp, SMS) pass none and keep their posts as sent.
 * Never throws: a post not redrawn is logged, and the sent message stands.
 */
export async function rememberSentOutboxPost(
  deps: { ctx: UseCaseContext; logger?: Logger | undefined },
  channel: Channel,
  m: OutgoingMessage,
  messageId: string,
  redraw?: RedrawTeamPost,
): Promise<void> {
  const post = teamPostOf(m);
  if (!post) return;
  if (redraw && post.bookingId && REDRAWN_AFTER.has(m.topic)) await redrawBookingPosts(deps, { channel, chatId: m.chatId, businessId: m.businessId, bookingId: post.bookingId, except: messageId }, redraw);
  await rememberSentTeamPost(deps, { businessId: m.businessId, channel, chatId: m.chatId, messageId, post });
}

/**
 * Redraws a booking's latest posts in one team chat but `except` (the one just sent or
 * just redrawn by a press): for a channel that edits messages, after the booking
 * changed. Never throws: a post not redrawn is logged and passed over.
 */
export async function redrawBookingPosts(
  deps: { ctx: UseCaseContext; logger?: Logger | undefined },
  at: { businessId: string; channel: Channel; chatId: string; bookingId: string; except: string },
  redraw: RedrawTeamPost,
): Promise<void> {
  let earlier: string[];
  try {
    earlier = await bookingTeamPosts(deps.ctx, at.businessId, { channel: at.channel, teamChatId: at.chatId, bookingId: at.bookingId });
  } catch (error) {
    deps.logger?.error({ err: error, channel: at.channel }, 'earlier team posts not found: they show the booking as it was');
    return;
  }
  for (const messageId of earlier.filter((id) => id !== at.except)) {
    try {
      await redraw(messageId);
    } catch (error) {
      deps.logger?.warn({ err: error, channel: at.channel, messageId }, 'an earlier team post was not redrawn (too old or deleted): it shows the booking as it was');
    }
  }
}
