import pino from 'pino';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type SmtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import type { ChannelSender } from '../../../src/app/notifications/channel-sender.ts';
import { bounceTokensIn, emailBounceAddress } from '../../../src/app/notifications/email-bounce-address.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Bounce reports that come back after a mail was accepted (RFC 3464 DSNs): customers' mail
// goes out with a signed VERP envelope sender, over a real SMTP connection to a local server.
const BOUNCE_DOMAIN = 'bounces.book.example';
let db: TestDatabase;
let w: BookingWorld;
let sink: SmtpSink;
let mailer: SmtpMailer;
let senders: Map<string, ChannelSender>;

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
});
afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await db?.drop();
});

const deliver = () => dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders, limiter: new SendRateLimiter(w.ctx.now, async () => {}) });
async function book(i: number, startsAt: number) {
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt, source: 'webchat' });
  return confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[i]! }, { bookingId: held.id });
}
const mailsTo = (to: string) => sink.mails.filter((m) => m.to.includes(to));

describe('bounce addresses', () => {
  it('sends a customer mail with their signed bounce address as the envelope sender, the From unchanged', async () => {
    await book(0, w.at('10:00', 2));
    await deliver();
    const mail = await sink.waitFor('customer0@example.com');
    const expected = emailBounceAddress(w.ctx.links!.secret, BOUNCE_DOMAIN, w.business.id, w.customers[0]!, 'customer0@example.com');
    expect(mail.from).toBe(expected);
    expect(mail.from).toMatch(/^bounces\+[0-9a-f]{32}-[0-9a-f]{20}@bounces\.book\.example$/);
    expect(mail.from.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect((await simpleParser(mail.raw)).from?.value).toEqual([{ name: 'Kyiv Studio', address: 'bookings@book.example' }]);
    expect(bounceTokensIn(`To: <${mail.from.toUpperCase()}>`)).toEqual([{ customerId: w.customers[0], signature: expect.stringMatching(/^[0-9a-f]{20}$/) }]);
    expect(mailsTo('customer0@example.com')).toHaveLength(1);
  });
});
