import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type SmtpMailer } from '../../../src/admin/panel/smtp-mailer.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import type { ChannelSender } from '../../../src/app/notifications/channel-sender.ts';
import { emailUnsubscribeUrl, unsubscribeEmail } from '../../../src/app/notifications/email-recipients.ts';
import { emailSender } from '../../../src/bots/email/email-sender.ts';
import { AuditEntrySchema, CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The customer page tells the team why no e-mail goes to a customer: the address bounced
// (when, the mail server's reply; managers and up may clear the mark, and mail goes again)
// or the customer unsubscribed (their choice: nothing to press). Mail goes over real SMTP
// to a local server that refuses the address until the "mailbox is fixed".
let db: TestDatabase;
let h: PanelHarness;
let sink: SmtpSink;
let mailer: SmtpMailer;
let senders: Map<string, ChannelSender>;
let manager: PanelClient;
let staff: PanelClient;
let base: string;
const BOUNCING = 'olena.k@example.com';

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  sink = await startSmtpSink();
  mailer = smtpMailer(sink.url, 'Kyiv Studio <bookings@book.example>');
  senders = new Map([['email', emailSender({ ctx: h.world.ctx, translator: h.deps.translator, transport: mailer })]]);
  await em().nativeUpdate(CustomerSchema, { id: h.world.customers[0]! }, { email: BOUNCING, locale: 'en' });
  await em().nativeUpdate(CustomerSchema, { id: h.world.customers[1]! }, { email: 'ivan.p@example.com', locale: 'en' });
  await em().nativeUpdate(CustomerSchema, { id: h.world.customers[2]! }, { email: 'maria.s@example.com', locale: 'en' });
  manager = await h.as('manager');
  staff = await h.as('staff');
  base = `/admin/b/${h.world.business.slug}/customers`;
});
afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await h?.close();
  await db?.drop();
});

const em = () => emForBusiness(db.orm, h.world.business.id);
const card = (i: number) => em().findOneOrFail(CustomerSchema, { id: h.world.customers[i]! });
const deliver = () => dispatchRound({ ctx: h.world.ctx, logger: pino({ level: 'silent' }), senders, limiter: new SendRateLimiter(h.world.ctx.now, async () => {}) });
async function book(i: number, startsAt: number) {
  const w = h.world;
  const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt, source: 'webchat' });
  return confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[i]! }, { bookingId: held.id });
}
const mailsTo = (to: string) => sink.mails.filter((m) => m.to.includes(to));
/** The page's text without tags and with spaces collapsed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('a customer whose e-mail bounced', () => {
  it('shows when mail bounced and the server reply, and refuses staff the clearing', async () => {
    sink.rejectRecipient(BOUNCING);
    await book(0, h.world.at('10:00', 2));
    await deliver();
    const bouncedAt = (await card(0)).emailBouncedAt;
    expect(bouncedAt).toBeInstanceOf(Date);
    const page = await manager.get(`${base}/${h.world.customers[0]!}`);
    expect(page.statusCode).toBe(200);
    const when = new Intl.DateTimeFormat('en', { timeZone: h.world.business.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(bouncedAt!);
    expect(textOf(page.body)).toContain(`${BOUNCING} Bounced Mail to this address bounced on ${when}: the customer's mail server refused it, so no e-mail is sent to it.`);
    expect(textOf(page.body)).toMatch(/The mail server's reply: [^<]*No such mailbox/);
    expect(page.body).toContain(`action="${base}/${h.world.customers[0]!}/email-bounce/clear"`);
    // In Ukrainian too.
    const uk = await h.as('manager');
    await uk.post('/admin/language', { language: 'uk' });
    expect(textOf((await uk.get(`${base}/${h.world.customers[0]!}`)).body)).toContain(`Лист на цю адресу повернувся`);
    // Staff may not edit customers: refused, the mark stays, nothing is recorded.
    const refused = await staff.post(`${base}/${h.world.customers[0]!}/email-bounce/clear`);
    expect(refused.statusCode).toBe(403);
    expect((await card(0)).emailBouncedAt).toEqual(bouncedAt);
    expect(await em().count(AuditEntrySchema, { action: 'customer.email_bounce_cleared' })).toBe(0);
    // And no mail goes meanwhile.
    const sentBefore = mailsTo(BOUNCING).length;
    await book(0, h.world.at('12:00', 2));
    await deliver();
    expect(mailsTo(BOUNCING)).toHaveLength(sentBefore);
  });

  it('a manager clears the mark (audited) and the next notification is e-mailed again', async () => {
    sink.acceptRecipient(BOUNCING);
    const cleared = await manager.post(`${base}/${h.world.customers[0]!}/email-bounce/clear`);
    expect(cleared.statusCode).toBe(303);
    expect(cleared.headers.location).toBe(`${base}/${h.world.customers[0]!}?done=bounce_cleared`);
    const page = await manager.get(String(cleared.headers.location));
    expect(textOf(page.body)).toContain('E-mail goes to this address again.');
    expect(page.body).not.toContain('id="email-bounced"');
    expect((await card(0)).emailBouncedAt).toBeNull();
    const audit = await em().findOneOrFail(AuditEntrySchema, { action: 'customer.email_bounce_cleared', entityId: h.world.customers[0]! });
    expect(audit).toMatchObject({ actorKind: 'user', actorId: h.userIds.manager });
    // Pressing it again (another tab) changes and records nothing.
    const again = await manager.post(`${base}/${h.world.customers[0]!}/email-bounce/clear`);
    expect(again.headers.location).toBe(`${base}/${h.world.customers[0]!}`);
    expect(await em().count(AuditEntrySchema, { action: 'customer.email_bounce_cleared' })).toBe(1);
    await book(0, h.world.at('15:00', 3));
    await deliver();
    const mail = await sink.waitFor(BOUNCING);
    expect(mail.subject).toBe(`Your booking is confirmed — ${h.world.business.name}`);
  });

  it('answers 404 for another business\'s customer or no customer', async () => {
    expect((await manager.post(`${base}/${h.other.customers[0]!}/email-bounce/clear`)).statusCode).toBe(404);
    expect((await manager.post(`${base}/not-a-customer/email-bounce/clear`)).statusCode).toBe(404);
  });
});

describe('a customer who unsubscribed', () => {
  it('says so with the date, that only the customer can undo it, and offers no button', async () => {
    const w = h.world;
    const link = new URL(emailUnsubscribeUrl(w.ctx.links!, w.business.slug, w.business.id, w.customers[1]!));
    expect(await unsubscribeEmail(w.ctx, w.ctx.links!, w.business.slug, w.customers[1]!, link.searchParams.get('t')!)).toBe(true);
    const page = await manager.get(`${base}/${w.customers[1]!}`);
    const text = textOf(page.body);
    const when = new Intl.DateTimeFormat('en', { timeZone: w.business.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(w.clock.now()));
    expect(text).toContain(`ivan.p@example.com Unsubscribed The customer unsubscribed from e-mail on ${when}`);
    expect(text).toContain('cannot be undone in the panel');
    expect(page.body).not.toContain('email-bounce/clear');
    // The clearing route does not touch an unsubscribe.
    await manager.post(`${base}/${w.customers[1]!}/email-bounce/clear`);
    expect((await card(1)).emailOptOut).toBe(true);
    // A customer whose mail goes shows neither.
    const plain = await manager.get(`${base}/${w.customers[2]!}`);
    expect(plain.body).toContain('maria.s@example.com');
    expect(plain.body).not.toContain('email-state');
  });
});
