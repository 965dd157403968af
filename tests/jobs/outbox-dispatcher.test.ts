import { Api } from 'grammy';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelIdentitySchema, OutboxDeliverySchema, OutboxMessageSchema, TeamChatSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { telegramSender } from '../../src/bots/telegram/telegram-sender.ts';
import { createTranslator, loadMessages } from '../../src/i18n/translator.ts';
import { listDeadDeliveries, retryDeadDeliveries } from '../../src/jobs/dead-letters.ts';
import { dispatchRound, type DispatchPolicy } from '../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../src/jobs/send-rate-limiter.ts';
import type { ChannelSender } from '../../src/app/notifications/channel-sender.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { BOT_API_FAILURES, FakeBotApi } from '../support/fake-bot-api.ts';

// The real Telegram side of the outbox: the dispatcher hands deliveries to the real
// `telegramSender`, whose grammY calls reach a local Bot API that answers as Telegram
// does, failures included.
let db: TestDatabase;
let w: BookingWorld;
let sender: ChannelSender;
const fake = new FakeBotApi();
const owner = { kind: 'business' as const, userId: null };
// The lease outlasts the longest Telegram send, as the default one does.
const policy: DispatchPolicy = { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 10_000, leaseMs: 600_000, batch: 100 };
// Customers 0–2 write from these chats; customer 3 has no chat.
const CHATS = ['100', '101', '102'];
const TEAM = '-900';

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  w = await makeBookingWorld(db.orm, { customers: 4 });
  await fake.start();
  const api = new Api('900900:AAHdispatcherTestToken_0123456789abcd', { apiRoot: fake.url });
  const translator = await createTranslator(await loadMessages());
  sender = telegramSender({ ctx: w.ctx, translator, apiFor: (businessId) => (businessId === w.business.id ? api : undefined), limits: { perSecond: 1000, perChatIntervalMs: 0 } });
  const em = emForBusiness(db.orm, w.business.id);
  for (const [i, chat] of CHATS.entries()) em.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: chat, customer: w.customers[i]! });
  em.create(TeamChatSchema, { business: w.business.id, channel: 'telegram', chatId: TEAM });
  await em.flush();
});
afterAll(async () => {
  await fake.stop();
  await db.drop();
});
// Each test starts from an empty queue, a quiet Bot API and the world's own time.
beforeEach(async () => {
  w.clock.reset();
  fake.clearFailures();
  fake.sent.length = 0;
  const em = emAcrossBusinesses(db.orm);
  await em.nativeDelete(OutboxDeliverySchema, {});
  await em.nativeDelete(OutboxMessageSchema, {});
});

const round = (senders = new Map([['telegram', sender]])) =>
  dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders, limiter: new SendRateLimiter(w.ctx.now, async () => {}), policy });
/** A booking the business makes: its customer hears of it (created, confirmed), the team chat too (created). */
const bookFor = (customer: number, time: string, day: number) =>
  createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[customer]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at(time, day) });
const sentTo = (chat: string) => fake.sent.filter((m) => m.chatId === chat);
const deliveriesTo = (chat: string) => emAcrossBusinesses(db.orm).find(OutboxDeliverySchema, { chatId: chat }, { orderBy: { createdAt: 'asc' } });

describe('outbox dispatcher through the Telegram sender', () => {
  it('delivers each change once to the customer and to the team chat', async () => {
    await bookFor(0, '10:00', 2);
    const first = await round();
    expect(first).toMatchObject({ fannedOut: 2, sent: 3, retried: 0, dead: 0 });
    expect(sentTo(CHATS[0]!)).toHaveLength(2);
    expect(sentTo(TEAM)).toHaveLength(1);
    expect(await round()).toMatchObject({ fannedOut: 0, sent: 0, retried: 0, dead: 0 });
    expect(fake.sent).toHaveLength(3);
  });

  it("429: tries again after Telegram's retry_after, not before", async () => {
    fake.fail('sendMessage', BOT_API_FAILURES.tooManyRequests(60), { chatId: CHATS[0] });
    await bookFor(0, '11:00', 2);
    expect(await round()).toMatchObject({ sent: 2, retried: 1, dead: 0 });
    const [waiting] = (await deliveriesTo(CHATS[0]!)).filter((d) => d.status === 'pending');
    expect(waiting?.nextAttemptAt.getTime()).toBe(w.clock.now() + 60_000);
    expect(waiting?.lastError).toContain('Too Many Requests');

    w.clock.advanceMinutes(0.99);
    expect((await round()).sent).toBe(0);
    w.clock.advanceMinutes(0.01);
    expect((await round()).sent).toBe(1);
    expect(sentTo(CHATS[0]!)).toHaveLength(2);
  });

  it.each([
    ['the customer blocked the bot', CHATS[1]!, BOT_API_FAILURES.botBlocked],
    ['the team chat is gone', TEAM, BOT_API_FAILURES.chatNotFound],
  ])('dead-letters at once, without retrying, when %s', async (_case, chat, failure) => {
    fake.fail('sendMessage', failure, { chatId: chat, times: Infinity });
    await bookFor(1, '12:00', 2);
    const result = await round();
    const deliveries = await deliveriesTo(chat);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(result.dead).toBe(deliveries.length);
    expect(result.retried).toBe(0);
    expect(deliveries.map((d) => [d.status, d.attempts])).toEqual(deliveries.map(() => ['dead', 1]));
    expect((await listDeadDeliveries(w.ctx)).map((d) => d.last_error)).toEqual(deliveries.map(() => failure.description));
  });

  it('a dropped connection is retried later with backoff, dead-lettered after the last attempt, and retried on request', async () => {
    fake.fail('sendMessage', BOT_API_FAILURES.droppedConnection, { chatId: CHATS[2], times: Infinity });
    await bookFor(2, '13:00', 2);
    expect(await round()).toMatchObject({ sent: 1, retried: 2, dead: 0 });
    const waiting = await deliveriesTo(CHATS[2]!);
    expect(waiting.map((d) => [d.status, d.attempts, d.nextAttemptAt.getTime() - w.clock.now()])).toEqual([
      ['pending', 1, 1000],
      ['pending', 1, 1000],
    ]);
    w.clock.advanceMinutes(1);
    expect(await round()).toMatchObject({ retried: 2 });
    w.clock.advanceMinutes(1);
    expect(await round()).toMatchObject({ dead: 2 });
    const dead = await listDeadDeliveries(w.ctx);
    expect(dead.map((d) => [d.chat_id, d.attempts])).toEqual([
      [CHATS[2], 3],
      [CHATS[2], 3],
    ]);

    fake.clearFailures();
    expect(await retryDeadDeliveries(w.ctx, 'all')).toBe(2);
    expect(await round()).toMatchObject({ sent: 2 });
    expect(sentTo(CHATS[2]!)).toHaveLength(2);
    expect(await listDeadDeliveries(w.ctx)).toEqual([]);
  });

  it('skips a customer who has no chat, and keeps channels without a sender waiting', async () => {
    await bookFor(3, '14:00', 2);
    const idle = await round(new Map());
    expect(idle).toMatchObject({ fannedOut: 2, sent: 0 });
    expect(await emAcrossBusinesses(db.orm).count(OutboxDeliverySchema, { status: 'pending' })).toBe(1);
    expect(await round()).toMatchObject({ sent: 1 });
    expect(fake.sent.map((m) => m.chatId)).toEqual([TEAM]);
  });

  it('lets two workers share the queue without sending anything twice', async () => {
    for (let i = 0; i < 6; i += 1) await bookFor(2, `${String(9 + i).padStart(2, '0')}:00`, 4);
    await Promise.all([round(), round(), round()]);
    await Promise.all([round(), round()]);
    // Per booking: created and confirmed to the customer, created to the team chat.
    expect(fake.sent).toHaveLength(18);
    expect(new Set(fake.sent.map((m) => `${m.chatId} ${m.text}`)).size).toBe(18);
  });
});
