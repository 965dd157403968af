import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import { queueDueReminders } from '../../../src/app/notifications/queue-due-reminders.ts';
import { queueNotification } from '../../../src/app/notifications/queue-notification.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { choicesIn, messagesIn, startWebChatHarness, type ChatVisitor, type WebChatHarness } from './web-chat-harness.ts';

// What the business says later — a booking made for the visitor, a reminder, a team
// member's reply — goes through the real outbox dispatcher and the web chat's sender,
// and reaches the visitor's open page through its poll.
let db: TestDatabase;
let h: WebChatHarness;
let v: ChatVisitor;
let customerId: string;
let visitorId: string;

// Polls wait up to a minute here: each one below ends because a message arrived.
beforeAll(async () => {
  db = await createTestDatabase();
  h = await startWebChatHarness(db.orm, { deps: { pollWaitMs: 60_000 } });
  v = h.visitor();
  await v.open();
  await v.post({ text: 'hi' });
  visitorId = (await h.stored())[0]!.visitorId;
  customerId = (await findOrCreateCustomer(h.world.ctx, h.world.business.id, { channel: 'webchat', externalId: visitorId })).id;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});
beforeEach(() => h.world.clock.reset());

const deliver = () =>
  dispatchRound({ ctx: h.world.ctx, logger: pino({ level: 'silent' }), senders: new Map([['webchat', h.channel.sender]]), limiter: new SendRateLimiter(h.world.ctx.now, async () => {}) });
const lastSeq = async () => messagesIn((await v.open()).body).at(-1)!.seq;

describe('the outbox reaches the web chat', () => {
  it('brings a booking the studio made, then its reminder, to the open page; its buttons work', async () => {
    const after = await lastSeq();
    const waiting = v.poll(after);
    await createBooking(h.world.ctx, h.world.business.id, { kind: 'business', userId: null }, { customerId, serviceId: h.world.haircut.id, staffId: h.world.staff[0]!.id, startsAt: h.world.at('15:00', 2) });
    expect((await deliver()).sent).toBeGreaterThan(0);
    const news = await waiting;
    expect(news.statusCode).toBe(200);
    expect(messagesIn(news.body).map((m) => m.text).join('\n')).toContain('Haircut');

    // Two hours before the booking its reminder falls due, queued as the reminder job queues it.
    h.world.clock.set(h.world.at('13:00', 2));
    expect(await queueDueReminders(h.world.ctx, h.world.business.id)).toBe(1);
    const next = v.poll(await lastSeq());
    await deliver();
    const reminder = await next;
    expect(messagesIn(reminder.body).at(-1)!.text).toContain('Reminder: Haircut');
    const buttons = choicesIn(reminder.body);
    const ok = [...buttons].find(([label]) => label.includes("I'll be there"))!;
    // A notification's buttons stay valid whatever the conversation did since.
    expect(ok[1].startsWith('g|')).toBe(true);
    const answered = await v.post({ choice: ok[1], after: String(await lastSeq()) }, { script: true });
    expect(messagesIn(answered.body).at(-1)!.text).toContain('see you then');
  });

  it('relays a team member’s reply to the visitor', async () => {
    const waiting = v.poll(await lastSeq());
    const em = emForBusiness(db.orm, h.world.business.id);
    queueNotification(em, h.world.clock.now(), { businessId: h.world.business.id, topic: 'conversation.reply', aggregateId: customerId, payload: { customerId, text: 'We have a free chair at 12 too!', staffName: 'Olena' } });
    await em.flush();
    await deliver();
    const reply = messagesIn((await waiting).body);
    expect(reply.at(-1)!.text).toContain('We have a free chair at 12 too!');
    expect(reply.at(-1)!.text).toContain('Olena');
  });

  it('stores a delivery sent twice (a retry after a crash) once, and sends nothing to a team', async () => {
    const message = { deliveryId: 'delivery-twice', businessId: h.world.business.id, chatId: visitorId, topic: 'conversation.reply' as const, payload: { customerId, text: 'Only once', staffName: '' }, audience: 'customer' as const, locale: 'en' };
    expect(await h.channel.sender.send(message)).toEqual({ ok: true });
    expect(await h.channel.sender.send(message)).toEqual({ ok: true });
    expect((await h.stored()).filter((m) => JSON.stringify(m.body).includes('Only once'))).toHaveLength(1);
    expect(await h.channel.sender.send({ ...message, deliveryId: 'to-team', audience: 'team' })).toMatchObject({ ok: false, permanent: true });
    expect(await h.channel.sender.send({ ...message, deliveryId: 'bad-id', chatId: '12345' })).toMatchObject({ ok: false, permanent: true });
  });

  it('lets a waiting poll go when the server shuts down', async () => {
    const other = await startWebChatHarness(db.orm, { deps: { pollWaitMs: 600_000 } });
    const visitor = other.visitor();
    await visitor.open();
    const waiting = visitor.poll(0);
    // The poll is waiting (nothing was said yet); closing answers it instead of waiting ten minutes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.app.close();
    expect([200, 503]).toContain((await waiting).statusCode);
    await other.channel.stop();
  });
});
