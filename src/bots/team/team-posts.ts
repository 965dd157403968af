import type { Logger } from 'pino';
import { z } from 'zod';
import { rememberTeamPost } from '../../app/conversations/remember-team-post.ts';
import type { OutgoingMessage } from '../../app/notifications/channel-sender.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Channel } from '../../db/entities/index.ts';
import type { TeamPostMemo } from './team-input.ts';

// A team notification about a booking names it and its customer (`BookingChangePayload`).
const AboutBooking = z.object({ bookingId: z.uuid(), customerId: z.uuid() }).loose();
const AboutCustomer = z.object({ customerId: z.uuid() }).loose();

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
    });
  } catch (error) {
    deps.logger?.error({ err: error, channel: sent.channel }, 'team post sent but not remembered: replies to it will not be understood');
  }
}

/**
 * For an outbox sender of a channel with team chats: after sending `m`, remembers it
 * when it is a team post worth remembering ({@link teamPostOf}). Never throws.
 */
export async function rememberSentOutboxPost(deps: { ctx: UseCaseContext; logger?: Logger | undefined }, channel: Channel, m: OutgoingMessage, messageId: string): Promise<void> {
  const post = teamPostOf(m);
  if (post) await rememberSentTeamPost(deps, { businessId: m.businessId, channel, chatId: m.chatId, messageId, post });
}
