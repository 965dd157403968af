import pino from 'pino';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatChannels, type ChatChannels } from '../../../src/bots/chat-channels.ts';
import { startTelegramChannel } from '../../../src/bots/telegram/telegram-channel.ts';
import { AuditEntrySchema, TelegramBotSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { freePort, withFreePort } from '../../support/free-port.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Bots attached and detached while the channels run: connected from the panel, a bot
// long-polls at once and serves the outbox and /ready; disconnected, it stops.
let db: TestDatabase;
let w: BookingWorld;
let emulator: TelegramServer;
let apiRoot: string;
let channels: ChatChannels;
const appSecret = 'runtime-connect-secret-runtime-connect-0123';
const by = { kind: 'business', userId: null } as const;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  // The emulator cannot listen on port 0 (it reads 0 as its default, 9000).
  const port = await withFreePort(async (port) => {
    emulator = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    return port;
  });
  apiRoot = `http://127.0.0.1:${port}`;
  // No token in the environment and no bot stored: the channels start empty.
  channels = await startChatChannels(w.ctx, pino({ level: 'silent' }), {
    appSecret,
    publicUrl: 'http://localhost:3000',
    telegram: { botToken: undefined, mode: 'polling', apiRoot },
    twilio: { account: undefined, apiBase: undefined },
    databaseUrl: db.url,
    preferredBusinessSlug: 'demo',
  });
});
afterAll(async () => {
  await channels?.stop();
  await emulator?.stop();
  await db?.drop();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`never happened: ${what}`);
}
const repliesTo = (chatId: number) => emulator.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chatId)).map((m) => String(m.message.text));

describe('Telegram bots connected at runtime', () => {
  it('long-polls a bot connected while running: it answers /start, serves the outbox and counts in /ready; disconnected, it stops', async () => {
    const token = '810001:AAHruntimeConnectTokenForTheEmulator_0001';
    const sender = channels.senders.get('telegram');
    expect(sender, 'the Telegram sender is there before any bot').toBeDefined();
    expect(channels.readiness()).toEqual({ connected: 0, connecting: 0, failing: 0 });
    expect(sender!.readyFor?.(w.business.id)).toBe(false);

    expect(await channels.bots.connectTelegram(w.business.id, token, by)).toEqual({ kind: 'connected', username: 'TestNameBot' });
    expect(channels.readiness()).toEqual({ connected: 1, connecting: 0, failing: 0 });
    expect(sender!.readyFor?.(w.business.id)).toBe(true);
    expect(await channels.bots.telegramStatus(w.business.id)).toMatchObject({
      state: 'connected',
      username: 'TestNameBot',
      mode: 'polling',
      maskedToken: '810001:••••••••0001',
      problem: null,
    });

    const client = emulator.getClient(token, { userId: 8101, chatId: 8101, firstName: 'Dana', type: 'private' });
    await client.sendCommand(client.makeCommand('/start'));
    await until(() => repliesTo(8101).length > 0, 'the new bot answered /start');
    expect(repliesTo(8101)[0]).toContain('Kyiv Studio');

    expect(await channels.bots.disconnectTelegram(w.business.id, by)).toBe(true);
    expect(channels.readiness()).toEqual({ connected: 0, connecting: 0, failing: 0 });
    expect(sender!.readyFor?.(w.business.id)).toBe(false);
    expect(await channels.bots.telegramStatus(w.business.id)).toBeNull();
    expect(await channels.bots.disconnectTelegram(w.business.id, by)).toBe(false);
    const em = emForBusiness(db.orm, w.business.id);
    expect(await em.count(TelegramBotSchema, {})).toBe(0);
    expect(await em.count(AuditEntrySchema, { action: { $in: ['channel.telegram_connected', 'channel.telegram_disconnected'] } })).toBe(2);
  });

  it('replaces a business’s bot with another: one bot in /ready, only the new one serves', async () => {
    const world = await makeBookingWorld(db.orm);
    const first = '810002:AAHruntimeConnectTokenForTheEmulator_0002';
    const second = '810003:AAHruntimeConnectTokenForTheEmulator_0003';
    expect((await channels.bots.connectTelegram(world.business.id, first, by)).kind).toBe('connected');
    expect((await channels.bots.connectTelegram(world.business.id, second, by)).kind).toBe('connected');
    expect(channels.readiness().connected).toBe(1);
    // Polling: no Telegram webhook route (Twilio's webhooks are always there).
    expect(channels.routes.map((r) => r.url)).toEqual(['/twilio/:slug/sms', '/twilio/:slug/whatsapp']);
    expect((await channels.bots.telegramStatus(world.business.id))?.maskedToken).toBe('810003:••••••••0003');
    // The same token again (say, after a restart of the bot at BotFather) replaces it in place.
    expect((await channels.bots.connectTelegram(world.business.id, second, by)).kind).toBe('connected');
    expect(channels.readiness().connected).toBe(1);
    expect(await channels.bots.disconnectTelegram(world.business.id, by)).toBe(true);
  });

  it('refuses a token of the wrong shape and one connected to another business', async () => {
    const world = await makeBookingWorld(db.orm);
    const other = await makeBookingWorld(db.orm);
    expect(await channels.bots.connectTelegram(world.business.id, 'nonsense', by)).toEqual({ kind: 'invalid_token' });
    const token = '810004:AAHruntimeConnectTokenForTheEmulator_0004';
    expect((await channels.bots.connectTelegram(other.business.id, token, by)).kind).toBe('connected');
    expect(await channels.bots.connectTelegram(world.business.id, token, by)).toEqual({ kind: 'taken' });
    expect(await channels.bots.telegramStatus(world.business.id)).toBeNull();
    expect(channels.readiness().connected).toBe(1);
    expect(await channels.bots.disconnectTelegram(other.business.id, by)).toBe(true);
  });

  it('detaching a bot that cannot reach Telegram stops its retries', async () => {
    const port = await freePort();
    const channel = await startTelegramChannel(
      { ctx: w.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret, idleMinutes: 30 },
      { apiRoot: `http://127.0.0.1:${port}`, mode: 'polling', publicUrl: 'http://localhost:3000', throttle: false, registerWithTelegram: false, connectRetryMs: 10 },
    );
    try {
      await channel.attach({ businessId: w.business.id, botId: '810005', token: '810005:AAHruntimeConnectTokenForTheEmulator_0005' });
      expect(channel.status()).toMatchObject([{ botId: '810005', state: 'failing' }]);
      expect(channel.sender.readyFor?.(w.business.id)).toBe(false);
      await channel.detach('810005');
      expect(channel.status()).toEqual([]);
      // Several retry periods later it is still gone: no retry brought it back.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(channel.status()).toEqual([]);
    } finally {
      await channel.stop();
    }
  });
});
