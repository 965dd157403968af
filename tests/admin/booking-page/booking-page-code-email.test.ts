import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { BookingSchema, TelegramBotSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { busyVisitor, holdIdOf } from './page-holds.ts';
import { pageServer } from './booking-page-visitor.ts';

// A business with no SMS number: the code goes by e-mail (a real SMTP server on 127.0.0.1)
// when the service sends mail and the visitor gave an address; with neither, the page
// refuses as before and points to the business's chat.
let db: TestDatabase;
let w: BookingWorld;
let sink: SmtpSink;
let mailer: ReturnType<typeof smtpMailer>;
let translator: Translator;
let withMail: FastifyInstance;
let withoutMail: FastifyInstance;

const pageServerWith = (emailCodes: boolean) => pageServer({ ctx: w.ctx, translator: translator, appSecret: 'page-code-email-app-secret-0123456789', publicUrl: 'https://book.example', emailCodes });

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1 });
  sink = await startSmtpSink();
  mailer = smtpMailer(sink.url, 'Studio <bookings@book.example>');
  translator = await createTranslator(await loadMessages());
  withMail = await pageServerWith(true);
  withoutMail = await pageServerWith(false);
});
afterAll(async () => {
  await withMail?.close();
  await withoutMail?.close();
  mailer?.close();
  await sink?.close();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, w.business.id).fork();
const deliver = () =>
  dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['email', emailSender({ ctx: w.ctx, translator, transport: mailer })]]), limiter: new SendRateLimiter(w.ctx.now, async () => {}) });

describe('booking page code by e-mail, and no way to send one', () => {
  it('e-mails the code when there is no SMS number and the visitor gave an address; the right code books', async () => {
    const { visitor, holdPath } = await busyVisitor(withMail, db.orm, w, '+380671230001', ['09:00', '09:30', '10:00'], '14:00');
    const details = { name: 'Busy', phone: '+380671230001', email: 'busy@example.com', note: '' };
    const asked = await visitor.post(holdPath, details);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.body).toContain('We sent a 6-digit code by e-mail to b•••@example.com');
    await deliver();
    const mail = await sink.waitFor('busy@example.com');
    expect(mail.subject).toBe(`Your booking code — ${w.business.name}`);
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    const done = await visitor.post(`${holdPath}/code`, { ...details, code });
    expect(done.statusCode, done.body).toBe(303);
    expect((await em().findOneOrFail(BookingSchema, { id: holdIdOf(holdPath) })).status).toBe('confirmed');
  });

  it('keeps the refusal with a "continue in Telegram" link when no code can be sent', async () => {
    await emForBusiness(db.orm, w.business.id).fork().insert(TelegramBotSchema, { id: randomUUID(), business: w.business.id, botId: '777000111', tokenCiphertext: 'x', username: 'studio_booking_bot', active: true, createdAt: new Date() });
    const { visitor, holdPath } = await busyVisitor(withoutMail, db.orm, w, '+380671230002', ['11:00', '11:30', '12:00'], '15:00');
    const refused = await visitor.post(holdPath, { name: 'Busy', phone: '+380671230002', email: 'busy2@example.com', note: '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('several bookings waiting');
    expect(refused.body).toContain('https://t.me/studio_booking_bot');
    expect(refused.body).not.toContain('name="code"');
    expect((await em().findOneOrFail(BookingSchema, { id: holdIdOf(holdPath) })).status).toBe('held');
  });
});
