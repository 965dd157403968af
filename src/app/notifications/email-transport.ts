/** One e-mail to send: plain text (and the same as simple HTML), headers, attachments. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (`List-Unsubscribe`…). */
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string }[];
  /**
   * The envelope sender (SMTP `MAIL FROM`, which becomes the Return-Path) when it is not
   * the visible From: a customer's signed bounce address, so a bounce report sent back
   * later names whose mail it was. The From header stays as it is.
   */
  returnPath?: string;
}

/**
 * Why a send failed for good because of the address (the server said the mailbox does
 * not exist or refuses us: a hard bounce), as opposed to a failure worth retrying.
 */
export class EmailRejected extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'EmailRejected';
  }
}

/**
 * Sends e-mail (SMTP in production, a local SMTP server in tests). Rejects with
 * {@link EmailRejected} when the recipient's server refuses the address for good, with
 * any other error when a later try may succeed. Implemented where the SMTP client lives
 * and passed in by `main.ts`.
 */
export interface EmailTransport {
  sendEmail(message: EmailMessage): Promise<void>;
}
