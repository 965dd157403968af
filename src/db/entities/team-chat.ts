import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CHANNELS } from './customer.ts';

/**
 * A chat of the business's team (a Telegram or WhatsApp group) that receives new,
 * cancelled and rescheduled bookings and the morning digest. Linked from the chat
 * itself (`/link <code>`).
 */
export const TeamChatSchema = defineEntity({
  name: 'TeamChat',
  tableName: 'team_chat',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    channel: p.enum(CHANNELS),
    chatId: p.string().length(128),
    locale: p.string().length(8).nullable(),
    /** The group's name on its channel, so the team sees which chats receive its bookings. */
    title: p.string().length(128).nullable(),
    active: p.boolean().default(true),
    /** Keys of the last updates handled from this chat: a redelivered one is ignored. */
    recentEvents: p.array().defaultRaw("'{}'").onCreate((c) => c.recentEvents ?? []),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'team_chat_business_channel_chat_unique', properties: ['business', 'channel', 'chatId'] }],
});

/** A team-chat row. */
export type TeamChat = InferEntity<typeof TeamChatSchema>;
