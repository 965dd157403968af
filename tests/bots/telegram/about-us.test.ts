import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateBusinessProfile } from '../../../src/app/catalog/update-business-profile.ts';
import { webhookSecret } from '../../../src/bots/telegram/telegram-channel.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { TEST_APP_SECRET } from '../../support/panel-harness.ts';
import { startTelegramOnFakeApi, type TelegramOnFakeApi } from '../../support/telegram-on-fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// "About us" where people look for it: /help shows the business's description, address
// and phone with a map link, and Telegram gets the place itself as a venue below.
const TOKEN = '880022:AAHaboutUsTestTokenForTheFakeBotApi_002';
const BOT_ID = '880022';
const owner = { kind: 'business', userId: null } as const;

let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramOnFakeApi;
let updates = 1;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 8 });
  w = await makeBookingWorld(db.orm, { customers: 1, slug: 'tg-about' });
  tg = await startTelegramOnFakeApi(db.orm);
  expect((await tg.bots.connectTelegram(w.business.id, TOKEN, owner)).kind).toBe('connected');
});
afterAll(async () => {
  await tg?.stop();
  await db?.drop();
});

const send = (update: Record<string, unknown>) => tg.channel.handleWebhook(BOT_ID, webhookSecret(TEST_APP_SECRET, BOT_ID), { update_id: updates++, ...update });
const say = (chatId: number, text: string) =>
  send({ message: { message_id: updates, date: 1, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Olena', language_code: 'ru' }, text } });

describe('About us', () => {
  it('shows the description, address, phone and map link, then the place as a Telegram venue', async () => {
    await updateBusinessProfile(w.ctx, w.business.id, owner, {
      description: 'Стрижки и окрашивание с 2012 года. Парковка во дворе.',
      address: 'ул. Абая 10, Алматы',
      mapUrl: 'https://2gis.kz/almaty/firm/1',
      location: '43.2389, 76.8897',
      phone: '+77011234567',
    });
    await say(9101, '/help');
    const help = tg.api.last.get('9101')!;
    expect(help.text).toContain('О нас');
    expect(help.text).toContain('Стрижки и окрашивание с 2012 года. Парковка во дворе.');
    expect(help.text).toContain('📍 ул. Абая 10, Алматы');
    expect(help.text).toContain('📞 +77011234567');
    expect(help.buttons.find((b) => b.url === 'https://2gis.kz/almaty/firm/1')).toBeDefined();
    expect(tg.api.venues).toEqual([{ chatId: '9101', latitude: 43.2389, longitude: 76.8897, title: w.business.name, address: 'ул. Абая 10, Алматы' }]);
    // The venue comes after the text it belongs to.
    expect(tg.api.methods.lastIndexOf('sendVenue')).toBeGreaterThan(tg.api.methods.lastIndexOf('sendMessage'));
  });

  it('without a profile, help is just help: no "About us", no venue', async () => {
    await updateBusinessProfile(w.ctx, w.business.id, owner, { description: '', address: '', mapUrl: '', location: '', phone: '' });
    const venuesBefore = tg.api.venues.length;
    await say(9102, '/help');
    const help = tg.api.last.get('9102')!;
    expect(help.text).toContain('/book');
    expect(help.text).not.toContain('О нас');
    expect(tg.api.venues).toHaveLength(venuesBefore);
  });
});
