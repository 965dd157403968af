/**
 * Sends an email: password-reset and invitation links. The service sends mail only when
 * SMTP_URL is set (the adapter lives in the admin layer); without a mailer the panel
 * shows each link once to copy instead.
 */
export interface Mailer {
  /** Sends a plain-text email; rejects when the server refuses it. */
  send(to: string, subject: string, text: string): Promise<void>;
}
