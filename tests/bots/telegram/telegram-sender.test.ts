import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../../../src/app/notifications/channel-sender.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { telegramSender } from '../../../src/bots/telegram/telegram-sender.ts';
import { OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { BOT_API_FAILURES, FakeBotApi, type BotApiFailure } from '../../support/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Telegram's answers as the dispatcher sees them: the real sender, real grammY calls,
// a local Bot API answering as Telegram does.
let db: TestDatabase;
let w: BookingWorld;
let sender: ChannelSender;
let confirmed: OutgoingMessage;
const fake = new FakeBotApi();
const CHAT = '4711';

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  await fake.start();
  const api = new Api('471147:AAHsenderTestToken_0123456789abcdefgh', { apiRoot: fake.url });
  sender = telegramSender({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), apiFor: (businessId) => (businessId === w.business.id ? api : undefined) });
  const booking = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('10:00') });
  const row = await emForBusiness(db.orm, w.business.id).findOneOrFail(OutboxMessageSchema, { aggregateId: booking.id, topic: 'booking.confirmed' });
  confirmed = { deliveryId: 'd-1', businessId: w.business.id, chatId: CHAT, topic: 'booking.confirmed', payload: row.payload, audience: 'customer', locale: 'en' };
});
afterAll(async () => {
  await fake.stop();
  await db.drop();
});
beforeEach(() => {
  fake.clearFailures();
  fake.sent.length = 0;
});

/** What the dispatcher does with an outcome: send again after `retryAfterMs`, later with backoff, or never. */
function verdict(outcome: SendOutcome): string {
  if (outcome.ok) return 'sent';
  if (outcome.permanent) return 'give up';
  return outcome.retryAfterMs === undefined ? 'retry with backoff' : `retry after ${outcome.retryAfterMs} ms`;
}

describe('Telegram sender outcomes', () => {
  it('sends the notification in the customer’s words', async () => {
    expect(await sender.send(confirmed)).toEqual({ ok: true });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ chatId: CHAT });
    expect(fake.sent[0]!.text).toContain('Haircut');
  });

  it.each<[string, string, BotApiFailure]>([
    ['429 Too Many Requests', 'retry after 42000 ms', BOT_API_FAILURES.tooManyRequests(42)],
    ['403 bot was blocked by the user', 'give up', BOT_API_FAILURES.botBlocked],
    ['400 chat not found', 'give up', BOT_API_FAILURES.chatNotFound],
    ['a dropped connection', 'retry with backoff', BOT_API_FAILURES.droppedConnection],
  ])('%s → %s', async (_case, expected, failure) => {
    fake.fail('sendMessage', failure, { chatId: CHAT });
    const outcome = await sender.send(confirmed);
    expect(verdict(outcome)).toBe(expected);
    expect(outcome).toMatchObject({ ok: false, error: expect.any(String) });
    if (typeof failure !== 'string') expect(outcome).toMatchObject({ error: expect.stringContaining(failure.description.split(':')[0]!) });
    expect(fake.sent).toEqual([]);
    // The failure was Telegram's answer to this one call: the next send goes through.
    expect(await sender.send(confirmed)).toEqual({ ok: true });
  });

  it('does not give up on a business whose bot is not connected (it may connect later)', async () => {
    const calls = fake.calls;
    const outcome = await sender.send({ ...confirmed, businessId: '00000000-0000-4000-8000-000000000000' });
    expect(verdict(outcome)).toBe('retry with backoff');
    expect(fake.calls).toBe(calls);
  });
});
