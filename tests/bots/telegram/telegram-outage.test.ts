import pino from 'pino';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTelegramBot } from '../../../src/bots/telegram/telegram-connections.ts';
import { startTelegramChannel, webhookSecret, type BotStatus, type TelegramChannel } from '../../../src/bots/telegram/telegram-channel.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { freePort } from '../../support/free-port.ts';

// Telegram unreachable at start: the channel starts at once and keeps trying each bot
// in the background; once the Bot API answers, the bot connects by itself.
let db: TestDatabase;
let w: BookingWorld;
const appSecret = 'outage-test-secret-outage-test-secret-0123';

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
});
afterAll(async () => db.drop());

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`never happened: ${what}`);
}

describe('Telegram outage at start', () => {
  it('starts without the Bot API, reports the bot failing, and connects once the API answers', async () => {
    const port = await freePort();
    await connectTelegramBot(w.ctx, w.business.id, appSecret, '424242:AAHoutageTestTokenForTheEmulator_0123456789');
    let channel: TelegramChannel | undefined;
    let emulator: TelegramServer | undefined;
    try {
      // Nothing listens on the port yet: before this change, start-up waited for Telegram.
      channel = await startTelegramChannel(
        { ctx: w.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret, idleMinutes: 30 },
        { apiRoot: `http://127.0.0.1:${port}`, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: false, connectRetryMs: 20 },
      );
      const status = (): BotStatus | undefined => channel!.status().find((s) => s.botId === '424242');
      expect(['connecting', 'failing']).toContain(status()?.state);
      await until(() => status()?.state === 'failing', 'the bot reported failing');
      expect(status()?.error).toBeTruthy();
      // Its webhook is not served while it is not connected.
      expect((await channel.handleWebhook('424242', 'x', { update_id: 1 })).outcome).toBe('unknown_bot');

      emulator = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
      await emulator.start();
      await until(() => status()?.state === 'connected', 'the bot connected once the API answered');
      expect(status()).toMatchObject({ botId: '424242', businessId: w.business.id, state: 'connected' });
    } finally {
      await channel?.stop();
      await emulator?.stop();
    }
  });

  it('opens a bot token sealed under the APP_SECRET before a rotation (APP_SECRET_PREVIOUS)', async () => {
    const port = await freePort();
    const emulator = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
    await emulator.start();
    const world = await makeBookingWorld(db.orm);
    const old = 'the-secret-before-rotation-0123456789abcdef';
    await connectTelegramBot(world.ctx, world.business.id, old, '535353:AAHrotationTestTokenForTheEmulator_012345');
    const start = async (previousAppSecret?: string) =>
      startTelegramChannel(
        { ctx: world.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret, previousAppSecret, idleMinutes: 30 },
        { apiRoot: `http://127.0.0.1:${port}`, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: false, connectRetryMs: 20 },
      );
    const without = await start();
    const with_ = await start(old);
    try {
      expect(without.status().some((s) => s.botId === '535353')).toBe(false);
      await until(() => with_.status().some((s) => s.botId === '535353' && s.state === 'connected'), 'the rotated bot connected');
    } finally {
      await without.stop();
      await with_.stop();
      await emulator.stop();
    }
  });

  it('finishes updates it already answered to Telegram for before stopping', async () => {
    const port = await freePort();
    const emulator = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
    await emulator.start();
    const world = await makeBookingWorld(db.orm);
    await connectTelegramBot(world.ctx, world.business.id, appSecret, '616161:AAHstopTestTokenForTheEmulator_0123456789');
    const channel = await startTelegramChannel(
      { ctx: world.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret, idleMinutes: 30 },
      // Answered at once: the update is still being handled when the webhook returns.
      { apiRoot: `http://127.0.0.1:${port}`, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: false, ackWithinMs: 0 },
    );
    try {
      await until(() => channel.status().some((s) => s.state === 'connected'), 'the bot connected');
      const update = { update_id: 7, message: { message_id: 1, date: 1, from: { id: 61, is_bot: false, first_name: 'A', language_code: 'en' }, chat: { id: 61, type: 'private', first_name: 'A' }, text: '/start' } };
      expect((await channel.handleWebhook('616161', webhookSecret(appSecret, '616161'), update)).outcome).toBe('handled');
      await channel.stop();
      // Stopped: the greeting went out before stop() returned, not after.
      expect(emulator.storage.botMessages.some((m) => String(m.message.chat_id) === '61')).toBe(true);
    } finally {
      await channel.stop();
      await emulator.stop();
    }
  });
});
