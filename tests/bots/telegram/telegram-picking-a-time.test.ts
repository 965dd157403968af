import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { BookingSchema, WaitlistEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { startTelegramHarness, type TelegramHarness, type TgChat } from '../../support/telegram-harness.ts';

// Picking a time through the Telegram adapter, over real HTTP to the Bot API emulator:
// the inline keyboards a customer presses. Monday 2031-03-03, 08:00 in Kyiv.

let db: TestDatabase;
let w: BookingWorld;
let tg: TelegramHarness;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 2 });
  tg = await startTelegramHarness({ ctx: w.ctx, translator: await createTranslator(await loadMessages()), businessId: w.business.id });
});
afterAll(async () => {
  await tg.stop();
  await db.drop();
});
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
const labels = (chat: TgChat) => tg.lastPost(chat.id).buttons.map((b) => b.text);
const press = (chat: TgChat, label: string) => tg.press(chat.id, chat, tg.lastPost(chat.id), label);

describe('picking a time on Telegram', () => {
  it('shows Today/Tomorrow, the earliest shortcut and grouped times; a returning customer books again in four taps from /start', async () => {
    const chat: TgChat = { id: 6101, type: 'private' };
    await tg.message(chat.id, chat, '/start');
    await press(chat, 'Book');
    await press(chat, 'Haircut');
    await press(chat, 'Specialist 1');
    expect(labels(chat).slice(0, 4)).toEqual(['⚡ Today 09:00 with Specialist 1', 'Today, Mon 3 Mar', 'Tomorrow, Tue 4 Mar', 'Wed 5 Mar']);
    await press(chat, 'Tomorrow');
    const times = labels(chat);
    expect(tg.lastPost(chat.id).text).toBe('Free times on Tue 4 March:');
    expect(times.slice(0, 3)).toEqual(['🌅 Morning', '09:00', '09:30']);
    expect(times.indexOf('☀️ Afternoon')).toBe(times.indexOf('11:30') + 1);
    expect(times.indexOf('🌙 Evening')).toBe(times.indexOf('16:30') + 1);
    expect(times.slice(-2)).toEqual(['17:00', '📅 Another day']);
    // A heading shows its part of the day alone, in the same message.
    const before = tg.posts(chat.id).length;
    await press(chat, 'Afternoon');
    expect(tg.posts(chat.id)).toHaveLength(before);
    expect(labels(chat)).toEqual(['☀️ Afternoon', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '🕒 All times', '📅 Another day']);
    await press(chat, '14:00');
    await press(chat, 'Olena');
    await tg.message(chat.id, chat, '', { contact: { phone_number: '+380671110001', first_name: 'Olena', user_id: chat.id } });
    await press(chat, 'Confirm');
    expect(tg.posts(chat.id).some((p) => p.text.includes("You're booked for Tue"))).toBe(true);

    // A week later the haircut is behind them: /start, then four taps to the next one.
    w.clock.set(w.at('08:00', 7));
    await tg.message(chat.id, chat, '/start');
    expect(labels(chat)[0]).toBe('🔁 Book again: Haircut with Specialist 1');
    let taps = 0;
    const tap = async (label: string) => {
      taps += 1;
      expect(await press(chat, label)).toBe(200);
    };
    await tap('Book again');
    expect(tg.lastPost(chat.id).text).toContain('Choose a day');
    await tap('Tomorrow');
    await tap('14:00');
    expect(tg.lastPost(chat.id).text).toContain('Please check your booking');
    await tap('Confirm');
    expect(taps).toBe(4);
    const booked = await em().findOneOrFail(BookingSchema, { startsAt: new Date(w.at('14:00', 8)), customer: { phone: '+380671110001' } });
    expect(booked).toMatchObject({ status: 'confirmed', service: { id: w.haircut.id }, staffMember: { id: w.staff[0]!.id } });
  });

  it('holds the earliest free time from its shortcut', async () => {
    const chat: TgChat = { id: 6102, type: 'private' };
    await tg.message(chat.id, chat, '/start');
    await press(chat, 'Book');
    await press(chat, 'Haircut');
    await press(chat, 'Specialist 2');
    await press(chat, '⚡ Today 09:00');
    expect(tg.lastPost(chat.id).text).toContain('What name');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${chat.id}` });
    expect(held.startsAt.getTime()).toBe(w.at('09:00', 0));
    expect(held.staffMember.id).toBe(w.staff[1]!.id);
    await press(chat, 'Cancel');
  });

  it('shows a full day as full, and pressing it leads to the waitlist', async () => {
    for (let h = 9; h < 18; h += 1) {
      await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, {
        customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at(`${String(h).padStart(2, '0')}:00`, 3), source: 'admin', force: true,
      });
    }
    const chat: TgChat = { id: 6103, type: 'private' };
    await tg.message(chat.id, chat, '/start');
    await press(chat, 'Book');
    await press(chat, 'Haircut');
    await press(chat, 'Specialist 2');
    expect(labels(chat)).toContain('Thu 6 Mar · full');
    await press(chat, 'Thu 6 Mar · full');
    expect(tg.lastPost(chat.id).text).toContain('Thu 6 March is fully booked');
    await press(chat, 'Join the waitlist');
    expect(tg.posts(chat.id).some((p) => p.text.includes("You're on the waitlist"))).toBe(true);
    const entries = await em().find(WaitlistEntrySchema, { service: w.haircut.id, staffMember: w.staff[1]!.id, fromDate: '2031-03-06', toDate: '2031-03-06' });
    expect(entries).toHaveLength(1);
  });
});
