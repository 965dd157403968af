import { Api } from 'grammy';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { broadcastAudience } from '../../../src/app/broadcasts/broadcast-audience.ts';
import { createBroadcast } from '../../../src/app/broadcasts/create-broadcast.ts';
import { getBroadcast } from '../../../src/app/broadcasts/list-broadcasts.ts';
import { sendBroadcast } from '../../../src/app/broadcasts/send-broadcast.ts';
import { stopOffers } from '../../../src/app/broadcasts/stop-offers.ts';
import type { ChannelSender } from '../../../src/app/notifications/channel-sender.ts';
import { telegramSender } from '../../../src/bots/telegram/telegram-sender.ts';
import { whatsAppSender } from '../../../src/bots/whatsapp/whatsapp-sender.ts';
import type { WhatsAppNumber } from '../../../src/bots/whatsapp/whatsapp-number.ts';
import {
  BookingSchema,
  BroadcastRecipientSchema,
  ChannelIdentitySchema,
  ConversationSchema,
  CustomerSchema,
  OutboxDeliverySchema,
  OutboxMessageSchema,
} from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { FakeBotApi } from '../../support/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Broadcasts from audience to results: who is chosen (tag, service, last visit; never
// the opted-out or blocked), each once, through the outbox and the real Telegram and
// WhatsApp senders (a local Bot API; a linked number whose sends are recorded), the
// WhatsApp 24-hour rule, STOP, and the counts the panel shows.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
const fake = new FakeBotApi();
const whatsAppSent: { jid: string; text: string }[] = [];
const owner = { kind: 'business' as const, userId: null };
const DAY = 86_400_000;

// Who is who: [opted in, blocked, tag, channel and chat, last visit (days ago) of which service, WhatsApp last written (hours ago)].
const PEOPLE = {
  vipRegular: { optIn: true, tag: 'vip', chat: ['telegram', '700'], visit: [60, 'haircut'] },
  recent: { optIn: true, chat: ['telegram', '701'], visit: [5, 'massage'] },
  waFresh: { optIn: true, tag: 'vip', chat: ['whatsapp', '77010000001@s.whatsapp.net'], visit: [40, 'haircut'], wroteHoursAgo: 1 },
  waStale: { optIn: true, tag: 'vip', chat: ['whatsapp', '77010000002@s.whatsapp.net'], visit: [40, 'haircut'], wroteHoursAgo: 30 },
  notOptedIn: { optIn: false, tag: 'vip', chat: ['telegram', '702'], visit: [60, 'haircut'] },
  blocked: { optIn: true, blocked: true, tag: 'vip', chat: ['telegram', '703'], visit: [60, 'haircut'] },
  noChat: { optIn: true, tag: 'vip', visit: [60, 'haircut'] },
} as const satisfies Record<string, { optIn: boolean; blocked?: boolean; tag?: string; chat?: readonly [string, string]; visit: readonly [number, 'haircut' | 'massage']; wroteHoursAgo?: number }>;
type Person = keyof typeof PEOPLE;
const ids = {} as Record<Person, string>;

let senders: Map<string, ChannelSender>;

beforeAll(async () => {
  db = await createTestDatabase();
  const names = Object.keys(PEOPLE) as Person[];
  w = await makeBookingWorld(db.orm, { customers: names.length });
  translator = await createTranslator(await loadMessages());
  await fake.start();
  const em = emForBusiness(db.orm, w.business.id);
  for (const [i, name] of names.entries()) {
    const p: { optIn: boolean; blocked?: boolean; tag?: string; chat?: readonly [string, string]; visit: readonly [number, string]; wroteHoursAgo?: number } = PEOPLE[name];
    const id = w.customers[i]!;
    ids[name] = id;
    await em.nativeUpdate(CustomerSchema, { id }, { marketingOptIn: p.optIn, blocked: p.blocked ?? false, tags: p.tag ? [p.tag] : [], locale: 'en' });
    if (p.chat) em.create(ChannelIdentitySchema, { business: w.business.id, channel: p.chat[0] as 'telegram' | 'whatsapp', externalId: p.chat[1], customer: id });
    if (p.wroteHoursAgo !== undefined && p.chat) {
      em.create(ConversationSchema, { business: w.business.id, channel: 'whatsapp', chatId: p.chat[1], state: { touchedAt: w.clock.now() - p.wroteHoursAgo * 3_600_000 } });
    }
    const service = p.visit[1] === 'haircut' ? w.haircut : w.massage;
    const start = new Date(w.clock.now() - p.visit[0] * DAY);
    em.create(BookingSchema, {
      business: w.business.id,
      service: service.id,
      staffMember: w.staff[0]!.id,
      customer: id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      blockedFrom: start,
      blockedUntil: new Date(start.getTime() + 3_600_000),
      status: 'completed',
      priceMinor: 10000,
      currency: 'UAH',
      source: 'admin',
    });
  }
  await em.flush();
  const bot = new Api('900902:AAHbroadcastsTestToken_0123456789abc', { apiRoot: fake.url });
  const number = {
    connected: true,
    send: async (jid: string, content: { text?: string }) => {
      whatsAppSent.push({ jid, text: content.text ?? '' });
      return { sent: { key: { id: `wa-${whatsAppSent.length}` } } };
    },
  } as unknown as WhatsAppNumber;
  senders = new Map<string, ChannelSender>([
    ['telegram', telegramSender({ ctx: w.ctx, translator, apiFor: (id) => (id === w.business.id ? bot : undefined), limits: { perSecond: 1000, perChatIntervalMs: 0 } })],
    ['whatsapp', whatsAppSender({ ctx: w.ctx, translator, logger: pino({ level: 'silent' }), numberFor: (id) => (id === w.business.id ? number : undefined) })],
  ]);
});
afterAll(async () => {
  await fake.stop();
  await db.drop();
});
beforeEach(async () => {
  fake.sent.length = 0;
  whatsAppSent.length = 0;
  const em = emAcrossBusinesses(db.orm);
  await em.nativeDelete(OutboxDeliverySchema, {});
  await em.nativeDelete(OutboxMessageSchema, {});
});

/** Dispatch rounds until the queue is empty (the broadcast's messages fall due a second apart). */
async function dispatchAll(): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    w.clock.advanceMinutes(1);
    const round = await dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders, limiter: new SendRateLimiter(w.ctx.now, async () => {}) });
    if (round.fannedOut + round.sent + round.dead + round.retried === 0) return;
  }
}
// Read after the results are settled, as the panel reads them.
const recipients = async (broadcastId: string) => {
  await getBroadcast(w.ctx, w.business.id, broadcastId);
  return Object.fromEntries(
    (await emForBusiness(db.orm, w.business.id).find(BroadcastRecipientSchema, { broadcast: broadcastId })).map((r) => [
      (Object.keys(ids) as Person[]).find((p) => ids[p] === r.customer.id),
      `${r.status}${r.reason ? `:${r.reason}` : ''}`,
    ]),
  );
};
const draft = async (audience: Record<string, unknown>, text = 'Spring offer: 20% off this week!') => (await createBroadcast(w.ctx, w.business.id, owner, { text, ...audience })).id;
const telegramTexts = () => fake.sent.map((m) => `${m.chatId}: ${m.text}`);

describe('broadcast audience', () => {
  it.each([
    ['everyone who opted in', {}, { reach: 3, noChat: 1, whatsappWindow: 1, notOptedIn: 1, blocked: 1 }],
    ['by tag', { tag: 'VIP' }, { reach: 2, noChat: 1, whatsappWindow: 1, notOptedIn: 1, blocked: 1 }],
    ['by service had', { serviceId: 'massage' }, { reach: 1, noChat: 0, whatsappWindow: 0, notOptedIn: 0, blocked: 0 }],
    ['by last visit at least 30 days ago', { lapsedDays: '30' }, { reach: 2, noChat: 1, whatsappWindow: 1, notOptedIn: 1, blocked: 1 }],
    ['by last visit at least 50 days ago, and tag', { lapsedDays: 50, tag: 'vip' }, { reach: 1, noChat: 1, whatsappWindow: 0, notOptedIn: 1, blocked: 1 }],
  ])('%s', async (_case, filters, expected) => {
    const audience = { ...filters, ...('serviceId' in filters ? { serviceId: w.massage.id } : {}) };
    const { id } = await createBroadcast(w.ctx, w.business.id, owner, { text: 'x', ...audience });
    const stored = await getBroadcast(w.ctx, w.business.id, id);
    const counts = await broadcastAudience(w.ctx, w.business.id, stored.audience);
    expect({ reach: counts.reach, ...counts.skipped, ...counts.excluded }).toEqual(expected);
  });

  it('refuses a service of another business and bad filters', async () => {
    await expect(createBroadcast(w.ctx, w.business.id, owner, { text: 'x', serviceId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ field: 'serviceId' });
    await expect(createBroadcast(w.ctx, w.business.id, owner, { text: 'x', lapsedDays: '0' })).rejects.toThrow();
    await expect(createBroadcast(w.ctx, w.business.id, owner, { text: 'y'.repeat(1001) })).rejects.toThrow();
  });
});

describe('sending a broadcast', () => {
  it('messages each customer reached once, skips WhatsApp chats silent for 24 hours, and counts the results', async () => {
    const id = await draft({ tag: 'vip' });
    expect(await sendBroadcast(w.ctx, w.business.id, owner, id)).toEqual({ queued: 2, skipped: 2, already: false });
    // Queued, not sent: nothing went out in the caller's time.
    expect(fake.sent).toHaveLength(0);
    // A second press (or a double submit) queues nothing more.
    expect(await sendBroadcast(w.ctx, w.business.id, owner, id)).toEqual({ queued: 0, skipped: 0, already: true });
    expect((await getBroadcast(w.ctx, w.business.id, id)).status).toBe('queued');

    await dispatchAll();
    expect(telegramTexts()).toEqual([`700: Spring offer: 20% off this week!\nReply STOP to get no more offers.`]);
    expect(fake.last.get('700')?.buttons.map((b) => b.text)).toEqual(['🚫 Unsubscribe']);
    expect(whatsAppSent.map((m) => m.jid)).toEqual(['77010000001@s.whatsapp.net']);
    expect(whatsAppSent[0]!.text).toContain('Spring offer');
    expect(await recipients(id)).toEqual({ vipRegular: 'sent', waFresh: 'sent', waStale: 'skipped:whatsapp_window', noChat: 'skipped:no_chat' });
    const done = await getBroadcast(w.ctx, w.business.id, id);
    expect(done).toMatchObject({ status: 'done', counts: { sent: 2, failed: 0, skipped: 2, optedOut: 0 } });

    // Dispatching again sends nobody anything twice.
    await dispatchAll();
    expect(fake.sent).toHaveLength(1);
    expect(whatsAppSent).toHaveLength(1);
  });

  it('the linked WhatsApp number refuses a chat that went silent while the broadcast waited (skipped)', async () => {
    const id = await draft({ serviceId: w.haircut.id, lapsedDays: 30 }, 'Only for regulars');
    // At queueing the fresh chat wrote an hour ago; by the time it falls due, 24 hours have passed.
    await sendBroadcast(w.ctx, w.business.id, owner, id);
    w.clock.advanceMinutes(24 * 60);
    await dispatchAll();
    expect(whatsAppSent).toEqual([]);
    expect((await recipients(id))['waFresh']).toBe('skipped:whatsapp_window');
    expect((await getBroadcast(w.ctx, w.business.id, id)).counts).toMatchObject({ sent: 1, skipped: 3, failed: 0 });
    w.clock.reset();
  });

  it('a failing channel counts as failed', async () => {
    const id = await draft({ tag: 'vip' }, 'Will fail');
    fake.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { chatId: '700', times: Infinity });
    await sendBroadcast(w.ctx, w.business.id, owner, id);
    await dispatchAll();
    fake.clearFailures();
    expect((await recipients(id))['vipRegular']).toBe('failed');
    expect((await getBroadcast(w.ctx, w.business.id, id)).counts).toMatchObject({ sent: 1, failed: 1 });
  });
});

describe('opting out', () => {
  it('STOP after a broadcast: counted on it, and no later broadcast reaches the customer', async () => {
    const first = await draft({}, 'First');
    await sendBroadcast(w.ctx, w.business.id, owner, first);
    await dispatchAll();
    expect(await stopOffers(w.ctx, w.business.id, ids.recent)).toEqual({ wasOptedIn: true });
    expect(await stopOffers(w.ctx, w.business.id, ids.recent)).toEqual({ wasOptedIn: false });
    expect((await getBroadcast(w.ctx, w.business.id, first)).counts.optedOut).toBe(1);

    fake.sent.length = 0;
    const second = await draft({}, 'Second');
    await sendBroadcast(w.ctx, w.business.id, owner, second);
    await dispatchAll();
    expect(fake.sent.map((m) => m.chatId)).toEqual(['700']);
    expect((await recipients(second))['recent']).toBeUndefined();
    await emForBusiness(db.orm, w.business.id).nativeUpdate(CustomerSchema, { id: ids.recent }, { marketingOptIn: true });
  });

  it('opting out after the broadcast was queued: the message is never sent', async () => {
    const id = await draft({ serviceId: w.massage.id }, 'Massage week');
    await sendBroadcast(w.ctx, w.business.id, owner, id);
    await stopOffers(w.ctx, w.business.id, ids.recent, id);
    await dispatchAll();
    expect(fake.sent).toEqual([]);
    expect(await recipients(id)).toEqual({ recent: 'skipped:not_delivered' });
    expect((await getBroadcast(w.ctx, w.business.id, id))).toMatchObject({ status: 'done', counts: { sent: 0, skipped: 1, optedOut: 1 } });
    await emForBusiness(db.orm, w.business.id).nativeUpdate(CustomerSchema, { id: ids.recent }, { marketingOptIn: true });
  });
});
