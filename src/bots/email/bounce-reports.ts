import type { Logger } from 'pino';
import type { PublicLinks } from '../../app/calendars/booking-calendar-link.ts';
import { bounceTokensIn, reportEmailBounce } from '../../app/notifications/email-bounce-address.ts';
import type { BounceReportAnswer, EmailBounceReports } from '../../app/notifications/email-bounce-reports.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { readBounceMessage, type RecipientStatus } from './delivery-status.ts';

/** What reading bounce reports needs: the context, the keys bounce addresses are signed with, a logger. */
export interface BounceReportsDeps {
  ctx: UseCaseContext;
  links: Pick<PublicLinks, 'secret' | 'previousSecret'>;
  logger: Logger;
}

// A report names one mail; more bounce addresses than this in one message is not a bounce.
const MAX_TOKENS = 5;

/**
 * A failure that means the address cannot receive mail: `Action: failed` with an enhanced
 * status 5.1.x (no such mailbox or domain, bad address), 5.2.1 (mailbox disabled) or 5.4.4
 * (the domain cannot be routed to). Delays (4.x.x, `delayed`) are not, and neither are other
 * permanent failures (5.7.x refused by policy or as spam, 5.2.2 mailbox full, 5.3.4 message
 * too big, 5.0.0 without detail): they are about the message or the sending side — as at
 * RCPT TO (`smtp-mailer.ts`), one set-up problem must not mark every customer's address.
 */
export function isHardBounce(recipient: RecipientStatus): boolean {
  return recipient.action === 'failed' && /^5\.(1\.\d{1,3}|2\.1|4\.4)$/.test(recipient.status);
}

/**
 * Bounce reports (RFC 3464 DSNs) that a mail forwarder posts: when the report's recipient
 * failed for good ({@link isHardBounce}) and it was sent to a customer's signed bounce
 * address (in the envelope recipient the forwarder names, or the Delivered-To,
 * X-Original-To, Envelope-To or To header), that customer's address is marked bounced
 * (audited; a replay marks nothing twice). Anything else changes nothing and is logged.
 */
export function emailBounceReports(deps: BounceReportsDeps): EmailBounceReports {
  const { ctx, links, logger } = deps;
  return {
    async receive(raw, envelopeRecipient): Promise<BounceReportAnswer> {
      const message = readBounceMessage(raw);
      if (message.kind === 'malformed') {
        logger.warn({ bytes: raw.length }, 'bounce endpoint: the body is not a mail message');
        return { outcome: 'malformed' };
      }
      const ignore = (reason: Extract<BounceReportAnswer, { outcome: 'ignored' }>['reason'], details: Record<string, unknown> = {}): BounceReportAnswer => {
        logger.info({ reason, ...details }, 'bounce report ignored');
        return { outcome: 'ignored', reason };
      };
      if (message.kind === 'other') return ignore('not_a_report');
      const hard = message.recipients.filter(isHardBounce);
      if (hard.length === 0) return ignore('no_hard_failure', { statuses: message.recipients.map((r) => `${r.action} ${r.status}`.trim()) });
      const tokens = bounceTokensIn([envelopeRecipient ?? '', ...message.addressedTo].join('\n'));
      if (tokens.length === 0 || tokens.length > MAX_TOKENS) return ignore('no_bounce_address', { tokens: tokens.length });
      const detail = hard.map((r) => `${r.status} ${r.finalRecipient}${r.diagnostic ? `: ${r.diagnostic}` : ''}`).join('; ');
      let marked = 0;
      let already = 0;
      for (const token of tokens) {
        const result = await reportEmailBounce(ctx, links, token, `bounce report: ${detail}`);
        if (result === 'marked') marked += 1;
        if (result === 'already') already += 1;
      }
      if (marked + already === 0) {
        logger.warn({ customerIds: tokens.map((t) => t.customerId) }, 'bounce report for an unknown or forged bounce address: nothing marked');
        return { outcome: 'ignored', reason: 'unknown_bounce_address' };
      }
      logger.info({ marked, already, statuses: hard.map((r) => r.status) }, 'bounce report: address marked bounced');
      return { outcome: 'bounced', marked, already };
    },
  };
}
