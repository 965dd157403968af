import type { TwilioAccountStatus, TwilioConnector } from '../../app/channels/twilio-account.ts';
import type { AppSecrets } from '../../db/secret-box.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { ChatChannel } from '../channels/chat-channel.ts';
import { connectTwilioAccount, disconnectTwilioAccount, twilioAccountSummary, TwilioNumberTaken } from './twilio-connections.ts';

/** What the connector works with: the stored accounts and Twilio's two running channels. */
export interface TwilioConnectorDeps {
  ctx: UseCaseContext;
  appSecret: AppSecrets;
  /** Where Twilio reaches this service: the webhook URLs shown to paste into Twilio. */
  publicUrl: string;
  channels: { sms: ChatChannel; whatsapp: ChatChannel };
}

/** `AC1234…cdef`: recognisable, not usable. */
export function maskAccountSid(sid: string): string {
  return sid.length > 10 ? `${sid.slice(0, 6)}…${sid.slice(-4)}` : sid;
}

/**
 * The panel's way to a business's Twilio account: saving it (sealed) attaches the
 * numbers to both running channels at once; disconnecting detaches them before the
 * row goes, so nothing is sent with a deleted token.
 */
export function twilioConnector(deps: TwilioConnectorDeps): TwilioConnector {
  const channels = [deps.channels.sms, deps.channels.whatsapp];
  const base = deps.publicUrl.replace(/\/+$/, '');
  return {
    async connectTwilio(businessId, input, actor) {
      try {
        await connectTwilioAccount(deps.ctx, businessId, deps.appSecret, input, { actor });
      } catch (error) {
        if (error instanceof TwilioNumberTaken) return { kind: 'number_taken', number: error.number };
        throw error;
      }
      for (const channel of channels) await channel.attach(businessId);
      return { kind: 'connected' };
    },
    async disconnectTwilio(businessId, actor) {
      for (const channel of channels) await channel.detach(businessId);
      return disconnectTwilioAccount(deps.ctx, businessId, actor);
    },
    async twilioStatus(businessId): Promise<TwilioAccountStatus | null> {
      const stored = await twilioAccountSummary(deps.ctx, businessId, deps.appSecret);
      if (!stored) return null;
      const slug = encodeURIComponent(stored.slug);
      return {
        maskedAccountSid: maskAccountSid(stored.accountSid),
        smsFrom: stored.smsFrom,
        whatsappFrom: stored.whatsappFrom,
        templateTopics: Object.keys(stored.templates),
        templates: stored.templates,
        unreadable: stored.unreadable,
        webhookUrls: {
          sms: stored.smsFrom ? `${base}/twilio/${slug}/sms` : null,
          whatsapp: stored.whatsappFrom ? `${base}/twilio/${slug}/whatsapp` : null,
        },
        serving: channels.some((c) => c.sender.readyFor?.(businessId) ?? false),
      };
    },
  };
}
