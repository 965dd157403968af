import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { CHANNELS } from './customer.ts';

/**
 * An event a provider sent us (a Twilio `MessageSid`, a Stripe event id), recorded once:
 * the unique key makes a redelivered webhook a no-op.
 */
export const ProcessedExternalEventSchema = defineEntity({
  name: 'ProcessedExternalEvent',
  tableName: 'processed_external_event',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    /** `twilio`, `stripe`… */
    provider: p.string().length(32),
    eventId: p.string().length(255),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
  uniques: [{ name: 'processed_external_event_unique', properties: ['provider', 'eventId'] }],
  indexes: [{ name: 'processed_external_event_created_idx', properties: ['createdAt'] }],
});

/** A processed-event row. */
export type ProcessedExternalEvent = InferEntity<typeof ProcessedExternalEventSchema>;

/**
 * A number that said STOP to a business on SMS or WhatsApp: it is never messaged again
 * (reminders included) until it says START, which deletes the row.
 */
export const MessageOptOutSchema = defineEntity({
  name: 'MessageOptOut',
  tableName: 'message_opt_out',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    channel: p.enum(CHANNELS),
    /** The address on that channel: an E.164 number for SMS, a WhatsApp id. */
    externalId: p.string().length(128),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'message_opt_out_unique', properties: ['business', 'channel', 'externalId'] }],
});

/** An opt-out row. */
export type MessageOptOut = InferEntity<typeof MessageOptOutSchema>;

/**
 * A business's own Twilio account and numbers (white-label): SMS and WhatsApp Business.
 * The auth token is sealed at rest like a Telegram token. Inbound webhooks are routed
 * by the business's slug and checked against its `To` number.
 */
export const TwilioAccountSchema = defineEntity({
  name: 'TwilioAccount',
  tableName: 'twilio_account',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade').unique(),
    accountSid: p.string().length(34),
    authTokenCiphertext: p.text(),
    /** The SMS number, E.164. */
    smsFrom: p.string().length(16).nullable().unique(),
    /** The WhatsApp Business sender, E.164 (without the `whatsapp:` prefix). */
    whatsappFrom: p.string().length(16).nullable().unique(),
    /**
     * Approved WhatsApp templates by notification topic (`booking.reminder` → `HX…`
     * content SID): what is sent outside the 24-hour window.
     */
    whatsappTemplates: p.json<Record<string, string>>().defaultRaw("'{}'").onCreate((a) => a.whatsappTemplates ?? {}),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A Twilio account row. */
export type TwilioAccount = InferEntity<typeof TwilioAccountSchema>;

/** Where a linked WhatsApp number stands. */
export const WHATSAPP_STATES = ['linking', 'connected', 'disconnected', 'logged_out'] as const;
/** One of {@link WHATSAPP_STATES}. */
export type WhatsAppState = (typeof WHATSAPP_STATES)[number];

/**
 * A business's own WhatsApp number, linked through WhatsApp Web (Baileys) by a QR or a
 * pairing code. `creds` is Baileys' credentials serialised with its `BufferJSON`, sealed
 * at rest; the signal keys are in {@link WhatsAppAuthKeySchema}.
 */
export const WhatsAppAccountSchema = defineEntity({
  name: 'WhatsAppAccount',
  tableName: 'whatsapp_account',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade').unique(),
    /** The linked number, E.164, once WhatsApp told it. */
    phone: p.string().length(16).nullable(),
    state: p.enum(WHATSAPP_STATES).default('linking'),
    stateSince: p.datetime().onCreate(() => new Date()),
    lastError: p.text().nullable(),
    creds: p.text().nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A WhatsApp account row. */
export type WhatsAppAccount = InferEntity<typeof WhatsAppAccountSchema>;

/**
 * One signal key of a linked WhatsApp number (`pre-key`, `session`, `sender-key`,
 * `app-state-sync-key`, `lid-mapping`, `device-list`, `tctoken`…), `BufferJSON` text,
 * sealed at rest.
 */
export const WhatsAppAuthKeySchema = defineEntity({
  name: 'WhatsAppAuthKey',
  tableName: 'whatsapp_auth_key',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    account: () => p.manyToOne(WhatsAppAccountSchema).ref().deleteRule('cascade'),
    type: p.string().length(32),
    keyId: p.string().length(255),
    value: p.text(),
  },
  uniques: [{ name: 'whatsapp_auth_key_unique', properties: ['account', 'type', 'keyId'] }],
});

/** A WhatsApp auth key row. */
export type WhatsAppAuthKey = InferEntity<typeof WhatsAppAuthKeySchema>;

/** Who wrote a web-chat message. */
export const WEB_CHAT_AUTHORS = ['visitor', 'business'] as const;

/**
 * One message of a web-chat conversation, as the page shows it: the visitor's own words,
 * or what the business's bot (or team) said, rendered (lines, choices, links, an image).
 * A reload or a second tab reads the history from here; `seq` orders it.
 */
export const WebChatMessageSchema = defineEntity({
  name: 'WebChatMessage',
  tableName: 'web_chat_message',
  properties: {
    seq: p.bigint('number').primary().autoincrement(),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    visitorId: p.string().length(64),
    author: p.enum(WEB_CHAT_AUTHORS),
    body: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'web_chat_message_visitor_idx', properties: ['business', 'visitorId', 'seq'] }],
});

/** A web-chat message row. */
export type WebChatMessage = InferEntity<typeof WebChatMessageSchema>;
