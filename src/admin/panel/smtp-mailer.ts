import nodemailer from 'nodemailer';
import type { Mailer } from '../../app/accounts/mailer.ts';

/** A {@link Mailer} over SMTP, and how to let go of its connections when the service stops. */
export interface SmtpMailer extends Mailer {
  close(): void;
}

/**
 * Sends mail through the SMTP server of `SMTP_URL` (`smtp://` upgrades with STARTTLS
 * when the server offers it; `smtps://` is TLS from the start) as `MAIL_FROM`. A server
 * that does not answer fails the send in seconds rather than holding a request.
 */
export function smtpMailer(smtpUrl: string, from: string): SmtpMailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from, to, subject, text });
    },
    close: () => transport.close(),
  };
}
