import type { Mailer } from '../../app/accounts/mailer.ts';
import type { AppSecrets } from '../../db/secret-box.ts';
import type { CalendarSyncSettings } from '../../app/calendars/calendar-sync-settings.ts';
import type { WebhookSettings } from '../../app/webhooks/webhook-settings.ts';
import type { ChatBotConnector } from '../../app/channels/chat-bot-connector.ts';
import type { PaymentSetup } from '../../app/payments/payment-accounts.ts';
import type { TwilioConnector } from '../../app/channels/twilio-account.ts';
import type { WhatsAppLinking } from '../../app/channels/whatsapp-linking.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';

/** What the web panel needs from the rest of the service, passed in by `main.ts` (or a test). */
export interface PanelDeps {
  ctx: UseCaseContext;
  translator: Translator;
  /** APP_SECRET: the session cookie's key and the link codes are derived from it. */
  appSecret: string;
  /** The service's public base URL: links in emails, the booking page, webhooks. */
  publicUrl: string;
  /** Sends password-reset and invitation links by email (SMTP_URL); without it the panel shows them to copy. */
  mailer?: Mailer;
  /** Connects businesses' chat bots at runtime (the Channels page); absent when the chat channels do not run in this process. */
  bots?: ChatBotConnector;
  /** Links the business's own WhatsApp number (QR or pairing code); absent when the channels do not run here. */
  whatsapp?: WhatsAppLinking;
  /** Connects the business's Twilio account (SMS, WhatsApp Business); absent when the channels do not run here. */
  twilio?: TwilioConnector;
  /** Sets up the business's Stripe keys and Kaspi link (the Channels page's Payments); absent when not wired in. */
  payments?: PaymentSetup;
  /** Webhook secrets' sealing and whether private receiver URLs are allowed (default: APP_SECRET, https to public hosts only). */
  webhooks?: WebhookSettings;
  /** Calendar feeds and sync: the secrets feed tokens are sealed under (default APP_SECRET alone). */
  calendars?: PanelCalendars;
  /** Sign-in attempts per client address per minute (default 30; the lockout counts per email). */
  signInsPerMinute?: number;
}

/** The panel's calendar settings, from `main.ts`. */
export interface PanelCalendars {
  /** APP_SECRET and, during a rotation, APP_SECRET_PREVIOUS: feed URLs sealed before still open. */
  secrets: AppSecrets;
  /** Calendar sync: the providers set up (Google with GOOGLE_CLIENT_ID/SECRET); none or absent — the connect buttons are not shown. */
  sync?: CalendarSyncSettings;
}
