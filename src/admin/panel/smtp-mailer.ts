import nodemailer from 'nodemailer';
import type { Mailer } from '../../app/accounts/mailer.ts';
import { EmailRejected, type EmailMessage, type EmailTransport } from '../../app/notifications/email-transport.ts';

/** A {@link Mailer} and {@link EmailTransport} over SMTP, and how to let go of its connections when the service stops. */
export interface SmtpMailer extends Mailer, EmailTransport {
  close(): void;
}

/**
 * Sends mail through the SMTP server of `SMTP_URL` (`smtp://` upgrades with STARTTLS
 * when the server offers it; `smtps://` is TLS from the start) as `MAIL_FROM`: the
 * panel's links and the customers' notifications. A server that does not answer fails
 * the send in seconds rather than holding a request. A recipient refused for good (a 55x
 * answer to RCPT TO: no such mailbox) is {@link EmailRejected}; other failures may pass
 * on a later try. A message's `returnPath` is the envelope sender (`MAIL FROM`); the
 * From header is `MAIL_FROM` all the same.
 */
export function smtpMailer(smtpUrl: string, from: string): SmtpMailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from, to, subject, text });
    },
    async sendEmail({ returnPath, ...message }: EmailMessage) {
      try {
        // A bounce address is the envelope's sender only: the From header stays MAIL_FROM.
        await transport.sendMail({ from, ...message, ...(returnPath ? { envelope: { from: returnPath, to: message.to } } : {}) });
      } catch (error) {
        if (isHardBounce(error)) throw new EmailRejected(error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

// Only a refusal of this one address counts: 550/551/553 at RCPT TO with an enhanced
// status 5.1.x (bad mailbox or address). A relay refusing us (5.7.x: relaying denied,
// policy), a full mailbox (552) or a reply without a 5.1.x is retried instead — else one
// SMTP set-up problem would mark every customer's address as bounced.
function isHardBounce(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'responseCode' in error && typeof error.responseCode === 'number' ? error.responseCode : 0;
  const command = 'command' in error && typeof error.command === 'string' ? error.command : '';
  const response = 'response' in error && typeof error.response === 'string' ? error.response : '';
  return [550, 551, 553].includes(code) && /RCPT/i.test(command) && /\b5\.1\.\d{1,3}\b/.test(response);
}
