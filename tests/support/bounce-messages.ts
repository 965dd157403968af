/** What one bounce report says about one recipient. */
export interface BounceOptions {
  /** Where the report is sent: the envelope sender of the mail that failed (its To header). */
  bounceAddress: string;
  /** The recipient that failed or was delayed. */
  recipient: string;
  action: 'failed' | 'delayed';
  status: string;
  diagnostic: string;
  /** The returned mail as it was sent (message/rfc822); else a few of its headers (text/rfc822-headers). */
  returned?: string;
  /** The delivery-status part base64-encoded, as some servers send it. */
  base64?: boolean;
  /** A Delivered-To header, as a local delivery agent adds with the envelope recipient. */
  deliveredTo?: string;
}

/**
 * A bounce report as Postfix writes one (RFC 3464: multipart/report with a human part,
 * message/delivery-status, and the returned message or its headers), CRLF line ends.
 */
export function postfixBounce(o: BounceOptions): string {
  const boundary = '4B1C81E0A2.1764583200/relay.example';
  // Folded at a space, as Postfix folds a long diagnostic.
  const fold = o.diagnostic.length > 50 ? o.diagnostic.lastIndexOf(' ', 50) : -1;
  const diagnostic = fold > 0 ? `${o.diagnostic.slice(0, fold)}\r\n   ${o.diagnostic.slice(fold)}` : o.diagnostic;
  const status = [
    'Reporting-MTA: dns; relay.example',
    'X-Postfix-Queue-ID: 4B1C81E0A2',
    `X-Postfix-Sender: rfc822; ${o.bounceAddress}`,
    'Arrival-Date: Mon,  1 Dec 2031 10:00:00 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Original-Recipient: rfc822;${o.recipient}`,
    `Action: ${o.action}`,
    `Status: ${o.status}`,
    'Remote-MTA: dns; mx.example.com',
    `Diagnostic-Code: ${diagnostic}`,
    '',
  ].join('\r\n');
  const returnedHeaders = ['From: "Kyiv Studio" <bookings@book.example>', `To: ${o.recipient}`, 'Subject: Your booking is confirmed', 'MIME-Version: 1.0', ''].join('\r\n');
  return [
    ...(o.deliveredTo ? [`Delivered-To: ${o.deliveredTo}`] : []),
    'Received: by relay.example (Postfix)',
    '\tid 4B1C81E0A2; Mon,  1 Dec 2031 10:05:00 +0000 (UTC)',
    'Date: Mon,  1 Dec 2031 10:05:00 +0000 (UTC)',
    'From: MAILER-DAEMON@relay.example (Mail Delivery System)',
    o.action === 'failed' ? 'Subject: Undelivered Mail Returned to Sender' : 'Subject: Delayed Mail (still being retried)',
    `To: ${o.bounceAddress}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    'Message-Id: <20311201100500.4B1C81E0A2@relay.example>',
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host relay.example.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    // A human part that quotes fields must not be taken for the report.
    'Action: delivered',
    'Status: 2.0.0',
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    ...(o.base64 ? ['Content-Transfer-Encoding: base64', '', ...(Buffer.from(status).toString('base64').match(/.{1,76}/g) ?? [])] : ['', status]),
    '',
    `--${boundary}`,
    ...(o.returned
      ? ['Content-Description: Undelivered Message', 'Content-Type: message/rfc822', 'Content-Transfer-Encoding: 8bit', '', o.returned.replace(/\r?\n/g, '\r\n')]
      : ['Content-Description: Undelivered Message Headers', 'Content-Type: text/rfc822-headers', '', returnedHeaders]),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
