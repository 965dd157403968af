import { z } from 'zod';
import { CHANNELS, type TeamPostQuestion } from '../../db/entities/index.ts';
import type { Language } from '../../i18n/translator.ts';
import type { ChatMessage } from '../engine/chat-message.ts';
import { clipText } from '../engine/clip-text.ts';

/** Who wrote in a team chat (or to the bot), as the channel knows them. */
export const TeamSender = z.object({
  /** Their account on the channel: a Telegram user id, a WhatsApp JID (`77010000001@s.whatsapp.net`). */
  externalId: z.string().min(1).max(128),
  name: z.string().max(200).optional(),
  /** Their app's language tag when the channel tells it (Telegram does, WhatsApp does not). */
  language: z.string().max(16).optional(),
});

/** Where a team-side message came from: a business's chat on a channel. */
const FromChat = z.object({
  businessId: z.uuid(),
  channel: z.enum(CHANNELS),
  /** The channel's chat id: a Telegram chat id, a WhatsApp group JID (`120363000000000000@g.us`). */
  chatId: z.string().min(1).max(128),
  sender: TeamSender,
  /** The message's text; only its start matters (commands, a number, a relayed reply of at most 3000 characters). */
  text: z.string().transform((text) => clipText(text, 4000)),
});

/** Input of `handleTeamCommand`: any message a chat sent the business, read for `/link`, `/unlink`, `/chats`, `/iam`. */
export const TeamCommandInput = FromChat.extend({
  /** A group chat (a possible team chat), not someone's private chat with the bot. */
  isGroup: z.boolean(),
  /** The group's name, shown in `/chats`. */
  chatTitle: z.string().max(1000).optional(),
});

/** Input of `handleTeamReply`: a message in a team chat that replies to (quotes) a post of the bot's. */
export const TeamReplyInput = FromChat.extend({
  /** The channel's id of the quoted message (Telegram `message_id`, WhatsApp `stanzaId`). */
  repliedToMessageId: z.string().min(1).max(64),
  /**
   * The quoted message's text as the channel delivered it (WhatsApp's `quotedMessage`).
   * A typed number is trusted only when the quoted post numbered that action the same
   * way: without it, only an action's word acts.
   */
  quotedText: z
    .string()
    .transform((text) => clipText(text, 4000))
    .nullable()
    .default(null),
});

/**
 * What a team post is about, to remember once it is sent (see `rememberSentTeamPost`):
 * the customer, and the booking when it is a booking post.
 */
export interface TeamPostMemo {
  customerId: string;
  /** Null for a forwarded customer message (replies to it are relayed to the customer). */
  bookingId: string | null;
  /** Set on a question the bot asks about the booking (why it is cancelled): a reply to it is the answer. */
  asks?: TeamPostQuestion;
}

/** A message the team side says in a chat; a booking post carries what to remember once it is sent. */
export interface TeamChatMessage {
  message: ChatMessage;
  /** Set on a booking post: after sending, pass its message id to `rememberSentTeamPost`, so numbered replies to it work. */
  post?: TeamPostMemo;
}

/** What the team side answers: messages to send, in order, all in one language. */
export interface TeamAnswer {
  language: Language;
  messages: TeamChatMessage[];
}
