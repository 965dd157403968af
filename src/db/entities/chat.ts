import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { BookingSchema } from './booking.ts';
import { CHANNELS, CustomerSchema } from './customer.ts';

/**
 * One chat's conversation with a business's bot: the engine's plain-JSON state and a
 * version that grows with every step. The version makes a second instance or a stale
 * button safe: a save only lands on the version it read.
 */
export const ConversationSchema = defineEntity({
  name: 'Conversation',
  tableName: 'conversation',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    channel: p.enum(CHANNELS),
    chatId: p.string().length(128),
    /** The engine's state; JSON null until the first save (version 0). */
    state: p.json<Record<string, unknown> | null>(),
    version: p.integer().default(0),
    /**
     * A process handling an event of this chat holds it until then (a lease, not a
     * connection): another process waits, so one chat's events never interleave. A
     * crashed holder's lease simply runs out.
     */
    lockedUntil: p.datetime().nullable(),
    lockedBy: p.string().length(64).nullable(),
    /** Keys of the last events handled (Telegram update ids…): a redelivered one is ignored. */
    recentEvents: p.array().defaultRaw("'{}'").onCreate((c) => c.recentEvents ?? []),
    updatedAt: p.datetime().onCreate(() => new Date()),
    /** When the chat first wrote: new chats per minute are capped per business. */
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
  uniques: [{ name: 'conversation_business_channel_chat_unique', properties: ['business', 'channel', 'chatId'] }],
  indexes: [{ name: 'conversation_business_created_idx', properties: ['business', 'createdAt'] }],
});

/** A conversation row. */
export type Conversation = InferEntity<typeof ConversationSchema>;

/**
 * A business's own Telegram bot (white-label). The token is stored encrypted with a
 * key derived from APP_SECRET; `botId` is the number before the colon of the token,
 * which also names the bot's webhook path.
 */
export const TelegramBotSchema = defineEntity({
  name: 'TelegramBot',
  tableName: 'telegram_bot',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    botId: p.string().length(32).unique(),
    tokenCiphertext: p.text(),
    username: p.string().length(64).nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'telegram_bot_business_unique', properties: ['business'] }],
});

/** A Telegram bot row. */
export type TelegramBot = InferEntity<typeof TelegramBotSchema>;

/** What the bot can ask the team with a message of its own; the reply is the answer. */
export const TEAM_POST_QUESTIONS = ['cancel_reason'] as const;
/** One of {@link TEAM_POST_QUESTIONS}. */
export type TeamPostQuestion = (typeof TEAM_POST_QUESTIONS)[number];

/**
 * A post the bot sent to a team chat and what it is about: a customer's forwarded
 * message (a staff member's reply is relayed back to the customer), a booking post
 * (typed actions reach the booking; it is redrawn where the channel edits messages when
 * the booking changes), or a question the bot asked (`asks`).
 */
export const ChatRelaySchema = defineEntity({
  name: 'ChatRelay',
  tableName: 'chat_relay',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    channel: p.enum(CHANNELS),
    teamChatId: p.string().length(128),
    teamMessageId: p.string().length(64),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('cascade'),
    /** The booking a team post is about, so an action typed in reply to it (a numbered menu) reaches that booking. */
    booking: () => p.manyToOne(BookingSchema).ref().nullable().deleteRule('cascade'),
    /**
     * Set when the bot asked the team something with this message (`cancel_reason`: why a
     * booking is cancelled): a reply to it is the answer, not an action or talk.
     */
    asks: p.enum(TEAM_POST_QUESTIONS).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'chat_relay_post_unique', properties: ['business', 'channel', 'teamChatId', 'teamMessageId'] }],
  // A booking's posts are found to redraw them when it changes.
  // By customer: a customer card deleted (merged) takes its relays along.
  indexes: [{ name: 'chat_relay_booking_idx', properties: ['booking'] }, { name: 'chat_relay_customer_idx', properties: ['customer'] }],
});

/** A relay row. */
export type ChatRelay = InferEntity<typeof ChatRelaySchema>;
