import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTelegramChannel, type TelegramChannel } from '../../../src/bots/telegram/telegram-channel.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { FakeBotApi } from '../../support/fake-bot-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A bot connected to a business tells Telegram what an empty chat shows before /start
// (its description, in four languages, naming the business) and two command menus: the
// customers' and, in groups, the team's.
let db: TestDatabase;
let w: BookingWorld;
let api: FakeBotApi;
let channel: TelegramChannel;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  api = new FakeBotApi();
  await api.start();
  channel = await startTelegramChannel(
    { ctx: w.ctx, translator: await createTranslator(await loadMessages()), logger: pino({ level: 'silent' }), appSecret: 'bot-profile-test-secret-0123456789abcdef', idleMinutes: 30 },
    { apiRoot: api.url, mode: 'webhook', publicUrl: 'https://bookchat.test', throttle: false, registerWithTelegram: true },
  );
});
afterAll(async () => {
  await channel?.stop();
  await api?.stop();
  await db?.drop();
});

describe('the bot’s profile in Telegram', () => {
  it('sets descriptions naming the business and the customers’ and the team’s command menus, in each language', async () => {
    await channel.attach({ businessId: w.business.id, botId: '880077', token: '880077:AAHprofileTestTokenForTheFakeBotApi_01' });
    // Registration runs beside the bot's start: wait for the last setting of the last language.
    await vi.waitFor(() => expect(api.settings.filter((s) => s.method === 'setMyShortDescription')).toHaveLength(4), { timeout: 10_000 });
    const descriptions = api.settings.filter((s) => s.method === 'setMyDescription');
    expect(descriptions.map((d) => d.params['language_code'] ?? 'en').sort()).toEqual(['en', 'kk', 'ru', 'uk']);
    expect(descriptions.find((d) => d.params['language_code'] === undefined)?.params['description']).toBe('Book an appointment at Kyiv Studio in a few taps: pick a service, a specialist and a time. Press Start.');
    expect(descriptions.find((d) => d.params['language_code'] === 'ru')?.params['description']).toContain('Kyiv Studio');
    const menus = api.settings.filter((s) => s.method === 'setMyCommands');
    const team = menus.find((m) => JSON.stringify(m.params['scope']) === JSON.stringify({ type: 'all_group_chats' }) && m.params['language_code'] === undefined);
    expect(team?.params['commands']).toEqual([
      { command: 'today', description: "Today's bookings" },
      { command: 'tomorrow', description: "Tomorrow's bookings" },
      { command: 'chats', description: 'Chats that get bookings' },
      { command: 'cancel', description: 'Cancel a booking (reply to its post with the reason)' },
      { command: 'msg', description: 'Write to a customer (reply to the booking post)' },
    ]);
    expect(menus.some((m) => m.params['scope'] === undefined && JSON.stringify(m.params['commands']).includes('"book"'))).toBe(true);
    expect(api.settings.filter((s) => s.method === 'setMyShortDescription')).toHaveLength(4);
  });
});
