import { describe, expect, it } from 'vitest';
import { isHardBounce } from '../../../src/bots/email/bounce-reports.ts';
import { readBounceMessage } from '../../../src/bots/email/delivery-status.ts';
import { postfixBounce } from '../../support/bounce-messages.ts';

const read = (text: string) => readBounceMessage(Buffer.from(text));
const VERP = 'bounces+0123456789abcdef0123456789abcdef-0123456789abcdef0123@bounces.example';

// Reading RFC 3464 delivery status notifications as mail servers write them.
describe('readBounceMessage', () => {
  it("reads a Postfix report's recipient, not the fields its human part quotes", () => {
    const message = read(postfixBounce({ bounceAddress: VERP, recipient: 'olena@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 <olena@example.com>: Recipient address rejected: User unknown' }));
    expect(message).toEqual({
      kind: 'report',
      addressedTo: [VERP],
      recipients: [{ finalRecipient: 'olena@example.com', originalRecipient: 'olena@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 <olena@example.com>: Recipient address rejected: User unknown' }],
    });
  });

  it('takes LF line ends and the mbox From line a local delivery agent prepends; a quoted-printable report with two recipients', () => {
    const text = [
      'From MAILER-DAEMON  Mon Dec  1 10:05:00 2031',
      `Delivered-To: ${VERP}`,
      'To: <someone@else.example>',
      'Content-Type: multipart/report; report-type="delivery-status"; boundary=b1',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Delivery has failed.',
      '--b1',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Reporting-MTA: dns;mx.example',
      '',
      'Final-Recipient: rfc822;<a@example.com>',
      'Action: failed',
      'Status: 5.2.1 (mailbox disabled)',
      'Diagnostic-Code: smtp;550 5.2.1 Mailbox =C3=A9teinte, sorry=',
      ' for that',
      '',
      'Final-Recipient: RFC822; b@example.com',
      'Action: Delayed',
      'Status: 4.2.2',
      '',
      '--b1--',
      '',
    ].join('\n');
    const message = read(text);
    expect(message.kind).toBe('report');
    if (message.kind !== 'report') return;
    expect(message.addressedTo).toEqual([VERP, '<someone@else.example>']);
    expect(message.recipients.map((r) => [r.finalRecipient, r.action, r.status, isHardBounce(r)])).toEqual([
      ['a@example.com', 'failed', '5.2.1', true],
      ['b@example.com', 'delayed', '4.2.2', false],
    ]);
    expect(message.recipients[0]!.diagnostic).toBe('smtp;550 5.2.1 Mailbox éteinte, sorry for that');
  });

  it('finds a global delivery status part in a report forwarded inside multipart/mixed', () => {
    const text = [
      `To: ${VERP}`,
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/report; report-type=global-delivery-status; boundary="inner"',
      '',
      '--inner',
      'Content-Type: message/global-delivery-status',
      '',
      'Reporting-MTA: dns; mx.example',
      '',
      'Final-Recipient: utf-8; олена@пример.example',
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--inner--',
      '--outer--',
    ].join('\r\n');
    const message = read(text);
    expect(message.kind === 'report' && message.recipients.map((r) => [r.finalRecipient, r.status])).toEqual([['олена@пример.example', '5.1.1']]);
  });

  it('tells a mail with no report from something that is not a mail', () => {
    expect(read(`To: ${VERP}\r\nSubject: Out of office\r\n\r\nBack on Monday.`)).toEqual({ kind: 'other', addressedTo: [VERP] });
    expect(read('Content-Type: multipart/report; report-type=delivery-status\r\n\r\nno boundary')).toEqual({ kind: 'other', addressedTo: [] });
    expect(read('just some text\nAction: failed')).toEqual({ kind: 'malformed' });
    expect(read('')).toEqual({ kind: 'malformed' });
  });

  it('counts only failures about the address as hard bounces', () => {
    const recipient = (action: string, status: string) => ({ finalRecipient: 'a@example.com', originalRecipient: null, action, status, diagnostic: '' });
    expect(['5.1.1', '5.1.10', '5.2.1', '5.4.4'].map((s) => isHardBounce(recipient('failed', s)))).toEqual([true, true, true, true]);
    expect(['5.7.1', '5.2.2', '5.3.4', '5.0.0', '4.1.1', ''].map((s) => isHardBounce(recipient('failed', s)))).toEqual([false, false, false, false, false, false]);
    expect(isHardBounce(recipient('delayed', '5.1.1'))).toBe(false);
  });
});
