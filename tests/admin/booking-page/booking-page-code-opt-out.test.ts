import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { BookingSchema, MessageOptOutSchema, OutboxMessageSchema, PageConfirmationCodeSchema, TelegramBotSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { TWILIO_FAILURES } from '../../support/fake-twilio-api.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { APP_SECRET, PUBLIC_URL, SMS_FROM, startTwilioHarness, type TwilioHarness } from '../../bots/twilio/twilio-harness.ts';
import { busyVisitor, holdIdOf } from './page-holds.ts';
import { pageServer } from './booking-page-visitor.ts';

// A business with its own Twilio SMS number (the fake Twilio API over real HTTP) and a
// phone that texted STOP to it: the outbox would skip an SMS to it, so the page must not
// promise one. With an e-mail and SMTP the code goes by e-mail (a real SMTP server on
// 127.0.0.1); without, the refusal with the chats, saying why and how to undo it.
let db: TestDatabase;
let tw: TwilioHarness;
let sink: SmtpSink;
let mailer: ReturnType<typeof smtpMailer>;
let withMail: FastifyInstance;
let withoutMail: FastifyInstance;

const pageServerWith = (emailCodes: boolean) => pageServer({ ctx: tw.w.ctx, translator: tw.translator, appSecret: APP_SECRET, publicUrl: PUBLIC_URL, emailCodes });

beforeAll(async () => {
  db = await createTestDatabase();
  tw = await startTwilioHarness(db);
  sink = await startSmtpSink();
  mailer = smtpMailer(sink.url, 'Studio <bookings@book.example>');
  await emForBusiness(db.orm, tw.w.business.id).fork().insert(TelegramBotSchema, { id: randomUUID(), business: tw.w.business.id, botId: '777000222', tokenCiphertext: 'x', username: 'studio_stop_bot', active: true, createdAt: new Date() });
  withMail = await pageServerWith(true);
  withoutMail = await pageServerWith(false);
});
afterAll(async () => {
  await withMail?.close();
  await withoutMail?.close();
  mailer?.close();
  await sink?.close();
  await tw?.stop();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, tw.w.business.id).fork();
const deliver = () =>
  dispatchRound({
    ctx: tw.w.ctx,
    logger: pino({ level: 'silent' }),
    senders: new Map([
      ['sms', tw.channels.sms.sender!],
      ['email', emailSender({ ctx: tw.w.ctx, translator: tw.translator, transport: mailer })],
    ]),
    limiter: new SendRateLimiter(tw.w.ctx.now, async () => {}),
  });
/** Every request the fake Twilio API saw for a number, accepted or not. */
const twilioRequestsTo = (phone: string) => tw.fake.requests.filter((r) => r.params['To'] === phone).length;
/** Texts STOP from the phone to the business's number, through the signed webhook, and forgets the confirmation it got. */
const textStop = async (phone: string) => {
  expect((await tw.inbound('sms', phone, 'STOP')).status).toBe(200);
  expect(await em().count(MessageOptOutSchema, { channel: 'sms', externalId: phone })).toBe(1);
  tw.newTo(phone);
};
const codeMessages = async (customerId: string) => (await em().find(OutboxMessageSchema, { topic: 'page.confirmation_code' })).filter((m) => (m.payload as { customerId?: string }).customerId === customerId);

describe('booking page code for a phone that texted STOP', () => {
  it('without an e-mail: the refusal with the chats and why, no SMS, nothing booked', async () => {
    const PHONE = '+380671235001';
    await textStop(PHONE);
    const { visitor, holdPath } = await busyVisitor(withMail, db.orm, tw.w, PHONE, ['09:00', '09:30', '10:00'], '14:00');
    const before = twilioRequestsTo(PHONE);
    const refused = await visitor.post(holdPath, { name: 'Busy', phone: PHONE, email: '', note: '' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.body).toContain('several bookings waiting');
    expect(refused.body).toContain(`This number asked us to stop sending it texts, so we cannot send the code by SMS. To get texts again, send START to ${SMS_FROM}.`);
    expect(refused.body).toContain('https://t.me/studio_stop_bot');
    expect(refused.body).toContain('https://wa.me/');
    expect(refused.body).not.toContain('name="code"');
    expect(refused.body).not.toContain('We sent');

    const hold = await em().findOneOrFail(BookingSchema, { id: holdIdOf(holdPath) });
    expect(hold.status).toBe('held');
    expect(await em().count(PageConfirmationCodeSchema, { booking: hold.id })).toBe(0);
    expect(await codeMessages(hold.customer.id)).toEqual([]);
    // The three waiting, the hold the page made, and nothing else.
    expect(await em().count(BookingSchema, { customer: hold.customer.id })).toBe(4);
    await deliver();
    expect(twilioRequestsTo(PHONE)).toBe(before);
  });

  it('with an e-mail and SMTP: the code goes by e-mail, not SMS, and books', async () => {
    const PHONE = '+380671235002';
    await textStop(PHONE);
    const { visitor, holdPath } = await busyVisitor(withMail, db.orm, tw.w, PHONE, ['11:00', '11:30', '12:00'], '15:00');
    const before = twilioRequestsTo(PHONE);
    const details = { name: 'Busy', phone: PHONE, email: 'stopped@example.com', note: '' };
    const asked = await visitor.post(holdPath, details);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.body).toContain('We sent a 6-digit code by e-mail to s•••@example.com');
    await deliver();
    const mail = await sink.waitFor('stopped@example.com');
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    expect(twilioRequestsTo(PHONE)).toBe(before);
    const done = await visitor.post(`${holdPath}/code`, { ...details, code });
    expect(done.statusCode, done.body).toBe(303);
    expect((await em().findOneOrFail(BookingSchema, { id: holdIdOf(holdPath) })).status).toBe('confirmed');
  });

  it('with an e-mail but no SMTP: the refusal, saying why', async () => {
    const PHONE = '+380671235003';
    await textStop(PHONE);
    const { visitor, holdPath } = await busyVisitor(withoutMail, db.orm, tw.w, PHONE, ['09:00', '09:30', '10:00'], '14:00', '2031-03-05');
    const refused = await visitor.post(holdPath, { name: 'Busy', phone: PHONE, email: 'stopped3@example.com', note: '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('send START to');
    expect(await em().count(PageConfirmationCodeSchema, { booking: holdIdOf(holdPath) })).toBe(0);
  });

  it('after START the code goes by SMS again; the STOP line is only for a stopped phone', async () => {
    const PHONE = '+380671235004';
    await textStop(PHONE);
    expect((await tw.inbound('sms', PHONE, 'START')).status).toBe(200);
    tw.newTo(PHONE);
    const { visitor, holdPath } = await busyVisitor(withoutMail, db.orm, tw.w, PHONE, ['11:00', '11:30', '12:00'], '15:00', '2031-03-05');
    const asked = await visitor.post(holdPath, { name: 'Busy', phone: PHONE, email: '', note: '' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.body).toContain('We sent a 6-digit code by SMS');
    expect(asked.body).not.toContain('send START to');
    await deliver();
    expect(tw.newTo(PHONE)).toHaveLength(1);
  });

  it('Twilio refusing the SMS as unsubscribed (a STOP we never heard) records it: the next try is refused with the reason', async () => {
    const PHONE = '+380671235005';
    const { visitor, holdPath } = await busyVisitor(withoutMail, db.orm, tw.w, PHONE, ['09:00', '09:30', '10:00'], '14:00', '2031-03-06');
    const details = { name: 'Busy', phone: PHONE, email: '', note: '' };
    tw.fake.fail(TWILIO_FAILURES.unsubscribed, { to: PHONE });
    expect((await visitor.post(holdPath, details)).statusCode).toBe(200);
    const round = await deliver();
    expect(round.dead).toBe(1);
    expect(await em().count(MessageOptOutSchema, { channel: 'sms', externalId: PHONE })).toBe(1);
    // The visitor, waiting in vain, asks again from the form: now the page knows.
    const again = await visitor.post(holdPath, details);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(`send START to ${SMS_FROM}`);
    expect(tw.fake.sentTo(PHONE)).toEqual([]);
  });
});
