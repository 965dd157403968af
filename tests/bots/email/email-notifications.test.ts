import pino from 'pino';
import { simpleParser } from 'mailparser';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { smtpMailer, type SmtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { cancelBooking } from '../../../src/app/booking/cancel-booking.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { rescheduleBooking } from '../../../src/app/booking/reschedule-booking.ts';
import type { ChannelSender } from '../../../src/app/notifications/channel-sender.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { AuditEntrySchema, CustomerSchema, OutboxDeliverySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Customers who left an e-mail get confirmations, changes, cancellations and reminders by
// e-mail too: through the outbox and the topic registry, over a real SMTP connection to a
// local server, in their language, with the .ics attached, a manage link and a one-click
// unsubscribe that is honoured; a hard bounce stops mail to the address.
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
  senders = new Map([['email', emailSender({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), transport: mailer })]]);
  const em = emForBusiness(db.orm, w.business.id);
  const [olena, ivan] = await Promise.all([em.findOneOrFail(CustomerSchema, { id: w.customers[0]! }), em.findOneOrFail(CustomerSchema, { id: w.customers[1]! })]);
  olena.email = 'olena@example.com';
  olena.locale = 'uk';
  ivan.email = 'ivan@example.com';
  ivan.locale = 'en';
  await em.flush();
});
afterAll(async () => {
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
/** The link of a mail's `List-Unsubscribe` header, as sent. */
const unsubscribeLink = (lines: readonly { key: string; line: string }[]) => /<([^>]+)>/.exec(lines.find((h) => h.key === 'list-unsubscribe')?.line ?? '')?.[1];

describe('notifications by e-mail', () => {
  it('sends the confirmation in the customer language with the .ics, a manage link and one-click unsubscribe', async () => {
    const b = await book(0, w.at('10:00', 2));
    await deliver();
    const mail = await sink.waitFor('olena@example.com');
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe(`Ваш запис підтверджено — ${w.business.name}`);
    expect(parsed.text).toContain(w.haircut.name);
    expect(parsed.text).toMatch(new RegExp(`https://book\\.example/b/${w.business.slug}/m/${b.id}\\?t=`));
    expect(unsubscribeLink(parsed.headerLines)).toMatch(/^https:\/\/book\.example\/e\/unsubscribe\//);
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.html).toContain('<a href="https://book.example/');
    const ics = parsed.attachments.find((a) => a.filename === 'booking.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics!.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`${b.id}@bookchat`);
    expect(event.startDate.toJSDate().getTime()).toBe(w.at('10:00', 2));
    // Only the e-mailed topics go by mail (the "booked" message stays in the chat).
    expect(mailsTo('olena@example.com')).toHaveLength(1);
  });

  it('sends a move with the same event UID, and a cancellation', async () => {
    const b = await book(1, w.at('12:00', 3));
    await deliver();
    await rescheduleBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { bookingId: b.id, startsAt: w.at('15:00', 3) });
    await deliver();
    await cancelBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { bookingId: b.id, reason: 'Closed for a day', tellCustomer: true });
    await deliver();
    const subjects = await Promise.all(mailsTo('ivan@example.com').map(async (m) => (await simpleParser(m.raw)).subject));
    expect(subjects).toEqual([`Your booking is confirmed — ${w.business.name}`, `Your booking has moved — ${w.business.name}`, `Your booking is cancelled — ${w.business.name}`]);
    const moved = await simpleParser(mailsTo('ivan@example.com')[1]!.raw);
    const first = await simpleParser(mailsTo('ivan@example.com')[0]!.raw);
    const eventOf = (mail: typeof moved) => new ICAL.Event(new ICAL.Component(ICAL.parse(mail.attachments[0]!.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
    expect(eventOf(moved).uid).toBe(`${b.id}@bookchat`);
    expect(eventOf(moved).sequence).toBeGreaterThan(eventOf(first).sequence);
    expect(eventOf(moved).startDate.toJSDate().getTime()).toBe(w.at('15:00', 3));
    const cancelled = await simpleParser(mailsTo('ivan@example.com').at(-1)!.raw);
    expect(cancelled.text).toContain('Closed for a day');
    expect(cancelled.text).not.toContain('/m/');
    expect(cancelled.attachments[0]!.content.toString('utf8')).toContain('STATUS:CANCELLED');
  });

  it('honours the unsubscribe link: the GET only asks, the one-click POST stops e-mail (not chats)', async () => {
    const mail = await simpleParser(mailsTo('olena@example.com')[0]!.raw);
    const url = new URL(unsubscribeLink(mail.headerLines)!);
    const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, customerPages: { ctx: w.ctx, translator: await createTranslator(await loadMessages()) } });
    try {
      const ask = await app.inject({ method: 'GET', url: url.pathname + url.search });
      expect(ask.statusCode).toBe(200);
      expect((await em().findOneOrFail(CustomerSchema, { id: w.customers[0]! })).emailOptOut).toBe(false);
      const forged = await app.inject({ method: 'POST', url: `${url.pathname}?t=AAAAAAAAAAAAAAAAAAAAAA`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(forged.statusCode).toBe(404);
      const stop = await app.inject({ method: 'POST', url: url.pathname + url.search, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(stop.statusCode).toBe(200);
      expect(stop.body).toContain('will not e-mail you');
    } finally {
      await app.close();
    }
    expect((await em().findOneOrFail(CustomerSchema, { id: w.customers[0]! })).emailOptOut).toBe(true);
    expect(await em().count(AuditEntrySchema, { action: 'customer.email_unsubscribed', entityId: w.customers[0]! })).toBe(1);
    const before = mailsTo('olena@example.com').length;
    await book(0, w.at('11:00', 4));
    await deliver();
    expect(mailsTo('olena@example.com')).toHaveLength(before);
  });

  it('marks an address the server refuses for good, and sends it nothing more', async () => {
    const em2 = em();
    const third = await em2.findOneOrFail(CustomerSchema, { id: w.customers[2]! });
    third.email = 'nobody@invalid.example';
    await em2.flush();
    sink.rejectRecipient('nobody@invalid.example');
    await book(2, w.at('13:00', 5));
    await deliver();
    const refused = await em().findOneOrFail(OutboxDeliverySchema, { channel: 'email', chatId: 'nobody@invalid.example' });
    expect(refused.status).toBe('dead');
    expect((await em().findOneOrFail(CustomerSchema, { id: w.customers[2]! })).emailBouncedAt).not.toBeNull();
    await book(2, w.at('14:00', 5));
    await deliver();
    expect(await em().count(OutboxDeliverySchema, { channel: 'email', chatId: 'nobody@invalid.example' })).toBe(1);
  });
});
