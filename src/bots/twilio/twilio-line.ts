import type { Logger } from 'pino';
import type { AppSecrets } from '../../db/secret-box.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Translator } from '../../i18n/translator.ts';
import { storedTwilioAccount, type TwilioConnection } from './twilio-connections.ts';
import type { TwilioChannelName } from './opt-out.ts';
import { twilioMessenger, type TwilioMessenger } from './twilio-rest.ts';

/** What the Twilio channels are made of. */
export interface TwilioDeps {
  ctx: UseCaseContext;
  translator: Translator;
  logger: Logger;
  appSecret: AppSecrets;
  /** Where Twilio reaches this service: webhook signatures are checked against it plus the path. */
  publicUrl: string;
  /** Another base URL for Twilio's REST API (`TWILIO_API_BASE`: a local fake in tests). */
  apiBase?: string | undefined;
  /** How long a booking flow may sit idle before its hold is released. */
  idleMinutes: number;
}

/** One business's number on this channel, with the account that sends from it. */
export interface ServedNumber {
  connection: TwilioConnection;
  /** E.164, without `whatsapp:`. */
  number: string;
  messenger: TwilioMessenger;
}

/** How a channel writes a number in Twilio's `To`/`From` (`whatsapp:+…` on WhatsApp). */
export function twilioAddress(channel: TwilioChannelName, number: string): string {
  return channel === 'whatsapp' ? `whatsapp:${number}` : number;
}

/**
 * The numbers one Twilio channel (SMS or WhatsApp) serves in this process, by business
 * and by slug (webhooks are routed by slug). Attaching re-reads the business's stored
 * account; an account without a number for this channel is not served on it.
 */
export class TwilioLine {
  readonly #byBusiness = new Map<string, ServedNumber>();
  /** Accounts whose token did not open (sealed under another APP_SECRET): counted as failing. */
  readonly unreadable = new Set<string>();

  readonly channel: TwilioChannelName;
  readonly deps: TwilioDeps;

  constructor(channel: TwilioChannelName, deps: TwilioDeps) {
    this.channel = channel;
    this.deps = deps;
  }

  /** Serves a connection's number for this channel (none: not served). */
  serve(connection: TwilioConnection): void {
    const number = this.channel === 'sms' ? connection.smsFrom : connection.whatsappFrom;
    this.unreadable.delete(connection.businessId);
    if (!number) return void this.#byBusiness.delete(connection.businessId);
    this.#byBusiness.set(connection.businessId, { connection, number, messenger: twilioMessenger(connection, this.deps.apiBase) });
  }

  /** Re-reads the business's stored account and serves it (or stops serving it when it is gone). */
  async attach(businessId: string): Promise<void> {
    const connection = await storedTwilioAccount(this.deps.ctx, businessId, this.deps.appSecret);
    if (connection) this.serve(connection);
    else this.detach(businessId);
  }

  detach(businessId: string): void {
    this.#byBusiness.delete(businessId);
    this.unreadable.delete(businessId);
  }

  /** The business's number on this channel, if served. */
  forBusiness(businessId: string): ServedNumber | undefined {
    return this.#byBusiness.get(businessId);
  }

  /** The number served for a business slug (a webhook's path), if any. */
  forSlug(slug: string): ServedNumber | undefined {
    for (const served of this.#byBusiness.values()) if (served.connection.slug === slug) return served;
    return undefined;
  }

  get size(): number {
    return this.#byBusiness.size;
  }
}
