import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/** A person who books with one business (each business has its own customer list). */
export const CustomerSchema = defineEntity({
  name: 'Customer',
  tableName: 'customer',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    name: p.string().length(200).default(''),
    /** E.164, e.g. +77011234567. */
    phone: p.string().length(16).nullable(),
    /**
     * The number is known to be this person's: entered by the business, or proven by the
     * channel (a shared own contact, an SMS/WhatsApp id). False when a chat customer
     * merely typed it — such a number never pulls anyone's bookings into this card and
     * gives way to the person who proves it is theirs.
     */
    phoneTrusted: p.boolean().default(true),
    email: p.string().length(254).nullable(),
    locale: p.string().length(8).nullable(),
    notes: p.text().default(''),
    tags: p.array().defaultRaw("'{}'").onCreate((customer) => customer.tags ?? []),
    /** Free-form preferences (favourite specialist, reminders by SMS...). */
    preferences: p.json<Record<string, unknown>>().defaultRaw("'{}'").onCreate((customer) => customer.preferences ?? {}),
    /** The customer turned reminders off (the chat's notification settings). */
    remindersOff: p.boolean().default(false),
    /** The customer turned thank-you and review messages off. */
    followUpsOff: p.boolean().default(false),
    /** The customer asked for offers and news (the chat's notification settings); off until they do, and after STOP. */
    marketingOptIn: p.boolean().default(false),
    /** Which of their chats gets notifications (a channel name); null: the one they booked in. */
    notifyChannel: p.string().length(16).nullable(),
    /** The customer asked for no more e-mail (the link in every e-mail, or its one-click header). */
    emailOptOut: p.boolean().default(false),
    /** When their address was refused as unknown (a hard bounce): no more e-mail to it until it changes. */
    emailBouncedAt: p.datetime().nullable(),
    noShowCount: p.integer().default(0),
    /** Blocked customers cannot book. */
    blocked: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'customer_phone_e164', expression: "phone is null or phone ~ '^\\+[1-9][0-9]{6,14}$'" }],
  uniques: [{ name: 'customer_business_phone_unique', properties: ['business', 'phone'] }],
});

/** A customer row. */
export type Customer = InferEntity<typeof CustomerSchema>;

/** The chat channels a customer can reach a business on. */
export const CHANNELS = ['telegram', 'whatsapp', 'sms', 'webchat'] as const;
/** One of the chat channels. */
export type Channel = (typeof CHANNELS)[number];

/**
 * How a customer is known on one channel of one business (a Telegram user id, a
 * WhatsApp JID, a phone number for SMS, a web-chat visitor id).
 */
export const ChannelIdentitySchema = defineEntity({
  name: 'ChannelIdentity',
  tableName: 'channel_identity',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    channel: p.enum(CHANNELS),
    externalId: p.string().length(128),
    customer: () => p.manyToOne(CustomerSchema).ref().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'channel_identity_business_channel_external_unique', properties: ['business', 'channel', 'externalId'] }],
  // A customer's chats: which one a message goes to (the outbox), and the rows a
  // deleted (merged) card takes with it.
  indexes: [{ properties: ['customer'] }],
});

/** A channel-identity row. */
export type ChannelIdentity = InferEntity<typeof ChannelIdentitySchema>;
