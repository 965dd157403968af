import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { smtpMailer, type SmtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import type { ChannelSender } from '../../../src/app/notifications/channel-sender.ts';
import { bounceTokensIn, emailBounceAddress } from '../../../src/app/notifications/email-bounce-address.ts';
import { emailBounceReports } from '../../../src/bots/email/bounce-reports.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { AuditEntrySchema, CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { postfixBounce } from '../../support/bounce-messages.ts';

// Bounce reports that come back after a mail was accepted (RFC 3464 DSNs): customers' mail
// goes out with a signed VERP envelope sender, over a real SMTP connection to a local
// server; a forwarder posts the report to the endpoint, which marks that customer's address.
const BOUNCE_DOMAIN = 'bounces.book.example';
const SECRET = 'bounce-forwarder-secret-0123456789';
let db: TestDatabase;
let w: BookingWorld;
let sink: SmtpSink;
let mailer: SmtpMailer;
let senders: Map<string, ChannelSender>;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 3 });
  sink = await startSmtpSink();
  mailer = smtpMailer(sink.url, 'Kyiv Studio <bookings@book.example>');
  senders = new Map([['email', emailSender({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), transport: mailer, bounceDomain: BOUNCE_DOMAIN })]]);
  const em = emForBusiness(db.orm, w.business.id);
  const customers = await Promise.all(w.customers.map((id) => em.findOneOrFail(CustomerSchema, { id })));
  customers.forEach((c, i) => {
    c.email = `customer${i}@example.com`;
    c.locale = 'en';
  });
  await em.flush();
  const reports = emailBounceReports({ ctx: w.ctx, links: w.ctx.links!, logger: pino({ level: 'silent' }) });
  app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, emailBounces: { secret: SECRET, reports } });
});
afterAll(async () => {
  await app?.close();
  mailer?.close();
  await sink?.close();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, w.business.id);
const deliver = () => dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders, limiter: new SendRateLimiter(w.ctx.now, async () => {}) });
async function book(i: number, startsAt: number) {
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt, source: 'webchat' });
  return confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[i]! }, { bookingId: held.id });
}
const mailsTo = (to: string) => sink.mails.filter((m) => m.to.includes(to));
const bounceAddressOf = (i: number, email = `customer${i}@example.com`) => emailBounceAddress(w.ctx.links!.secret, BOUNCE_DOMAIN, w.business.id, w.customers[i]!, email);
const bouncedAt = async (i: number) => (await em().findOneOrFail(CustomerSchema, { id: w.customers[i]! })).emailBouncedAt;
const post = (body: string, options: { secret?: string | null; type?: string; url?: string } = {}) =>
  app.inject({
    method: 'POST',
    url: options.url ?? '/webhooks/email/bounces',
    payload: body,
    headers: { 'content-type': options.type ?? 'message/rfc822', ...(options.secret === null ? {} : { authorization: `Bearer ${options.secret ?? SECRET}` }) },
  });

describe('bounce addresses', () => {
  it('sends a customer mail with their signed bounce address as the envelope sender, the From unchanged', async () => {
    await book(0, w.at('10:00', 2));
    await deliver();
    const mail = await sink.waitFor('customer0@example.com');
    expect(mail.from).toBe(bounceAddressOf(0));
    expect(mail.from).toMatch(/^bounces\+[0-9a-f]{32}-[0-9a-f]{20}@bounces\.book\.example$/);
    expect(mail.from.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect((await simpleParser(mail.raw)).from?.value).toEqual([{ name: 'Kyiv Studio', address: 'bookings@book.example' }]);
    expect(bounceTokensIn(`To: <${mail.from.toUpperCase()}>`)).toEqual([{ customerId: w.customers[0], signature: expect.stringMatching(/^[0-9a-f]{20}$/) }]);
    expect(mailsTo('customer0@example.com')).toHaveLength(1);
  });
});

describe('POST /webhooks/email/bounces', () => {
  it('marks the customer of a hard bounce report (audited), sends them no more mail, and a replay marks nothing twice', async () => {
    const sent = mailsTo('customer0@example.com')[0]!;
    const report = postfixBounce({ bounceAddress: sent.from, recipient: 'customer0@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 <customer0@example.com>: Recipient address rejected: User unknown in virtual mailbox table', returned: sent.raw });
    const first = await post(report);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ outcome: 'bounced', marked: 1, already: 0 });
    expect(await bouncedAt(0)).not.toBeNull();
    const audit = await em().findOneOrFail(AuditEntrySchema, { action: 'customer.email_bounced', entityId: w.customers[0]! });
    expect(JSON.stringify(audit.details)).toContain('5.1.1 customer0@example.com');
    await book(0, w.at('12:00', 3));
    await deliver();
    expect(mailsTo('customer0@example.com')).toHaveLength(1);
    const replay = await post(report);
    expect(replay.json()).toEqual({ outcome: 'bounced', marked: 0, already: 1 });
    expect(await em().count(AuditEntrySchema, { action: 'customer.email_bounced', entityId: w.customers[0]! })).toBe(1);
  });

  it('changes nothing for a delay (4.x.x) or a failure that is not about the address (5.7.1)', async () => {
    const delayed = await post(postfixBounce({ bounceAddress: bounceAddressOf(1), recipient: 'customer1@example.com', action: 'delayed', status: '4.4.1', diagnostic: 'X-Postfix; connect to mx.example.com[192.0.2.1]:25: Connection timed out' }));
    expect(delayed.statusCode).toBe(200);
    expect(delayed.json()).toEqual({ outcome: 'ignored', reason: 'no_hard_failure' });
    const policy = await post(postfixBounce({ bounceAddress: bounceAddressOf(1), recipient: 'customer1@example.com', action: 'failed', status: '5.7.1', diagnostic: 'smtp; 550 5.7.1 Message rejected as spam' }));
    expect(policy.json()).toEqual({ outcome: 'ignored', reason: 'no_hard_failure' });
    expect(await bouncedAt(1)).toBeNull();
  });

  it('changes nothing for a forged bounce address, or one about an address the customer has since replaced', async () => {
    const genuine = bounceAddressOf(1);
    const forged = genuine.replace(/-[0-9a-f]{20}@/, '-0123456789abcdef0123@');
    const forgedAnswer = await post(postfixBounce({ bounceAddress: forged, recipient: 'customer1@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' }));
    expect(forgedAnswer.statusCode).toBe(200);
    expect(forgedAnswer.json()).toEqual({ outcome: 'ignored', reason: 'unknown_bounce_address' });
    const stale = await post(postfixBounce({ bounceAddress: bounceAddressOf(1, 'old-address@example.com'), recipient: 'old-address@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' }));
    expect(stale.json()).toEqual({ outcome: 'ignored', reason: 'unknown_bounce_address' });
    const noAddress = await post(postfixBounce({ bounceAddress: 'bookings@book.example', recipient: 'customer1@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' }));
    expect(noAddress.json()).toEqual({ outcome: 'ignored', reason: 'no_bounce_address' });
    expect(await bouncedAt(1)).toBeNull();
  });

  it('reads the envelope recipient the forwarder names, and a report base64-encoded under Delivered-To only', async () => {
    const viaQuery = await post(postfixBounce({ bounceAddress: 'bookings@book.example', recipient: 'customer1@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' }), { url: `/webhooks/email/bounces?recipient=${encodeURIComponent(bounceAddressOf(1))}` });
    expect(viaQuery.json()).toEqual({ outcome: 'bounced', marked: 1, already: 0 });
    const exim = postfixBounce({ bounceAddress: 'bookings@book.example', recipient: 'customer2@example.com', action: 'failed', status: '5.2.1', diagnostic: 'smtp; 550 5.2.1 Mailbox disabled', base64: true, deliveredTo: bounceAddressOf(2) });
    const viaHeader = await post(exim, { type: 'text/plain; charset=utf-8' });
    expect(viaHeader.json()).toEqual({ outcome: 'bounced', marked: 1, already: 0 });
    expect(await bouncedAt(1)).not.toBeNull();
    expect(await bouncedAt(2)).not.toBeNull();
  });

  it('takes a mail that is no report and changes nothing; refuses a wrong secret, no mail, another type and a body too large', async () => {
    const autoReply = ['From: customer1@example.com', `To: ${bounceAddressOf(1)}`, 'Subject: Out of office', '', 'Back on Monday.', ''].join('\r\n');
    expect((await post(autoReply)).json()).toEqual({ outcome: 'ignored', reason: 'not_a_report' });
    const report = postfixBounce({ bounceAddress: bounceAddressOf(1), recipient: 'customer1@example.com', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' });
    expect((await post(report, { secret: 'not-the-bounce-forwarder-secret-xyz' })).statusCode).toBe(401);
    expect((await post(report, { secret: null })).statusCode).toBe(401);
    expect((await post('this is not a mail\r\nat all')).statusCode).toBe(400);
    expect((await post(JSON.stringify({ report }), { type: 'application/json' })).statusCode).toBe(415);
    expect((await post(`${report}\r\n${'x'.repeat(300 * 1024)}`)).statusCode).toBe(413);
  });

  it('is not there without EMAIL_BOUNCE_SECRET', async () => {
    const bare = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true });
    try {
      expect((await bare.inject({ method: 'POST', url: '/webhooks/email/bounces', payload: 'x', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${SECRET}` } })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
