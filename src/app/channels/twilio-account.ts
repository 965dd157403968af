import { z } from 'zod';
import { NotificationTopicName } from '../notifications/notification-topics.ts';
import type { Actor } from '../shared/use-case-context.ts';

/**
 * A phone number in E.164 (`+15551234567`), as Twilio writes it. Messages in this file
 * are i18n keys under `panel.errors`: the panel's form shows them next to the field.
 */
export const E164 = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'channels_twilio_number_format');

/** A WhatsApp sender: E.164, Twilio's `whatsapp:` prefix accepted and dropped. */
const WhatsAppSender = z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/^whatsapp:/, '') : v), E164);

/** What connecting a Twilio account takes: the account, its auth token, and at least one number. */
export const TwilioAccountInput = z
  .object({
    accountSid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'channels_twilio_sid_format'),
    authToken: z.string().trim().regex(/^[0-9a-fA-F]{32}$/, 'channels_twilio_token_format'),
    smsFrom: E164.optional(),
    whatsappFrom: WhatsAppSender.optional(),
    /** Approved WhatsApp templates (content SIDs) by notification topic, sent outside the 24-hour window. */
    whatsappTemplates: z.partialRecord(NotificationTopicName, z.string().trim().regex(/^HX[0-9a-fA-F]{32}$/, 'channels_twilio_template_format')).optional(),
  })
  .refine((a) => a.smsFrom !== undefined || a.whatsappFrom !== undefined, { message: 'channels_twilio_number_required', path: ['smsFrom'] });

/** A business's Twilio account as the panel shows it (the auth token never comes back). */
export interface TwilioAccountStatus {
  /** `AC12…cdef`: enough to recognise the account, not to use it. */
  maskedAccountSid: string;
  smsFrom: string | null;
  whatsappFrom: string | null;
  /** The notification topics with an approved WhatsApp template. */
  templateTopics: string[];
  /** Topic → approved template's content SID (not a secret: the form shows them to edit). */
  templates: Readonly<Record<string, string>>;
  /** The token no longer opens (sealed under another APP_SECRET): connect it again. */
  unreadable: boolean;
  /** What to paste into Twilio's number settings ("A message comes in"), per channel with a number. */
  webhookUrls: { sms: string | null; whatsapp: string | null };
  /** Whether this process serves the numbers now. */
  serving: boolean;
}

/** How connecting an account ended: connected, or a number another business has. */
export type TwilioConnectOutcome = { kind: 'connected' } | { kind: 'number_taken'; number: string };

/**
 * Connects and disconnects a business's own Twilio account at runtime (the panel's
 * Channels page): saved sealed, its numbers served at once, no restart. Defined here,
 * implemented by `src/bots/twilio`, wired in `main.ts`.
 */
export interface TwilioConnector {
  connectTwilio(businessId: string, input: z.output<typeof TwilioAccountInput>, actor: Actor): Promise<TwilioConnectOutcome>;
  /** False when none was connected. */
  disconnectTwilio(businessId: string, actor: Actor): Promise<boolean>;
  twilioStatus(businessId: string): Promise<TwilioAccountStatus | null>;
}
