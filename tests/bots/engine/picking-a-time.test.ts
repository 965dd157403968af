import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { BookingSchema, ConversationSchema, WaitlistEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { chatDriver, type ChatDriver } from '../../support/chat-driver.ts';
import { textCustomer } from '../text/text-customer.ts';

// Picking a time, through the engine with no channel: times grouped into parts of the
// day, Today/Tomorrow on the days, the "⚡ earliest free" shortcut, full days shown as
// full and leading to the waitlist, and "Book again" for a returning customer.
// The world's clock starts on Monday 2031-03-03 at 08:00 in Kyiv; staff work 09:00–18:00.

let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let chats = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 2 });
  translator = await createTranslator(await loadMessages());
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);

function customer(options: { language?: string } = {}): ChatDriver {
  chats += 1;
  return chatDriver({ ctx: w.ctx, translator, businessId: w.business.id, chatId: String(7000 + chats), name: 'Olena', ...options });
}

/** The day step for a service and specialist, from the first hello. */
async function toDays(chat: ChatDriver, service: string, specialist: string): Promise<void> {
  await chat.type('hi');
  await chat.press('📅 Book');
  await chat.press(service);
  await chat.press(specialist);
  expect(chat.text()).toContain('Choose a day');
}

/** Blocks a specialist's whole working day with manual bookings (as the team would). */
async function fillDay(staffIndex: number, dayOffset: number): Promise<void> {
  for (let h = 9; h < 18; h += 1) {
    await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, {
      customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[staffIndex]!.id, startsAt: w.at(`${String(h).padStart(2, '0')}:00`, dayOffset), source: 'admin', force: true,
    });
  }
}

describe('the day step', () => {
  it('names today and tomorrow in the business\'s zone', async () => {
    const chat = customer();
    await toDays(chat, 'Haircut', 'Specialist 1');
    expect(chat.labels().slice(1, 4)).toEqual(['Today, Mon 3 Mar', 'Tomorrow, Tue 4 Mar', 'Wed 5 Mar']);
    // Their own row: the long labels get the width of two buttons.
    expect(chat.last().choices[1]!.map((c) => c.id)).toEqual(['day:2031-03-03', 'day:2031-03-04']);

    // 00:30 in Kyiv is still the evening before in UTC: "today" is Kyiv's Tuesday.
    w.clock.set(Date.UTC(2031, 2, 3, 22, 30));
    const late = customer();
    await toDays(late, 'Haircut', 'Specialist 1');
    expect(late.labels()).toContain('Today, Tue 4 Mar');
    expect(late.labels()).toContain('Tomorrow, Wed 5 Mar');
    expect(late.labels().join(' | ')).not.toContain('Mon 3 Mar');
  });

  it('names them in the customer\'s language', async () => {
    const chat = customer({ language: 'uk' });
    await chat.type('привіт');
    await chat.press('📅 Записатися');
    await chat.press('Haircut');
    await chat.press('Specialist 1');
    expect(chat.labels()[1]).toMatch(/^Сьогодні, пн,? 3 бер/u);
    expect(chat.labels()[2]).toMatch(/^Завтра, вт,? 4 бер/u);
    expect(chat.labels()[0]).toBe('⚡ Сьогодні о 09:00 — Specialist 1');
  });

  it('holds the earliest free time with the specialist it names in one tap', async () => {
    // Specialist 2's 09:00 is taken: their earliest is 10:00 (a haircut takes an hour).
    const taken = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, {
      customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('09:00', 0), source: 'admin', force: true,
    });
    const chat = customer();
    await toDays(chat, 'Haircut', 'Specialist 2');
    expect(chat.labels()[0]).toBe('⚡ Today 10:00 with Specialist 2');
    await chat.press('⚡');
    expect(chat.text()).toContain('What name');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${7000 + chats}` });
    expect(held.startsAt.getTime()).toBe(w.at('10:00', 0));
    expect(held.staffMember.id).toBe(w.staff[1]!.id);
    await chat.press('Cancel');
    await em().nativeDelete(BookingSchema, { id: taken.id });
  });

  it('with "anyone", holds the earliest time with whoever the shortcut named; late in the day it is tomorrow\'s', async () => {
    w.clock.set(w.at('17:30', 0));
    const chat = customer();
    await toDays(chat, 'Haircut', 'Anyone');
    const shortcut = chat.labels()[0]!;
    expect(shortcut).toMatch(/^⚡ Tomorrow 09:00 with Specialist [12]$/u);
    // Today is over: it is not offered, and not called full either.
    expect(chat.labels().join(' | ')).not.toContain('Today,');
    await chat.press('⚡');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${7000 + chats}` }, { populate: ['staffMember'] });
    expect(held.startsAt.getTime()).toBe(w.at('09:00', 1));
    expect(shortcut).toContain(held.staffMember.getEntity().name);
    const row = await em().findOneOrFail(ConversationSchema, { chatId: String(7000 + chats) });
    // "Anyone" stays the customer's choice for "change time".
    expect(row.state).toMatchObject({ step: { name: 'name', staffChoice: null } });
    await chat.press('Cancel');
  });

  it('shows a full day as full, and choosing it leads to the waitlist', async () => {
    await fillDay(0, 2);
    const chat = customer();
    await toDays(chat, 'Yoga', 'Specialist 1');
    expect(chat.labels()).toContain('Wed 5 Mar · full');
    expect(chat.labels()).toContain('Thu 6 Mar');
    await chat.press('Wed 5 Mar · full');
    expect(chat.text()).toContain('Wed 5 March is fully booked');
    await chat.press('Join the waitlist');
    expect(chat.transcript()).toContain("You're on the waitlist");
    const entries = await em().find(WaitlistEntrySchema, { service: w.yoga.id, fromDate: '2031-03-05', toDate: '2031-03-05' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.staffMember?.id).toBe(w.staff[0]!.id);
  });
});

describe('the time step', () => {
  it('groups the times into morning, afternoon and evening under headings, and shows one part on its heading', async () => {
    const chat = customer();
    await toDays(chat, 'Haircut', 'Specialist 1');
    await chat.press('Sat');
    expect(chat.text()).toBe('Free times on Sat 8 March:');
    const rows = chat.last().choices.map((row) => row.map((c) => c.id));
    expect(rows[0]).toEqual(['part:morning']);
    expect(chat.labels().slice(0, 8)).toEqual(['🌅 Morning', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '☀️ Afternoon']);
    expect(chat.labels()).toContain('🌙 Evening');
    expect(chat.labels().slice(chat.labels().indexOf('🌙 Evening') + 1, -1)).toEqual(['17:00']);
    // Every time of the day is on the one page, each part's times starting a new row.
    expect(chat.labels().filter((l) => /^\d\d:\d\d$/u.test(l))).toHaveLength(17);
    expect(rows.find((row) => row.includes(`tm:${w.at('12:00', 5)}`))?.[0]).toBe(`tm:${w.at('12:00', 5)}`);

    await chat.press('🌙 Evening');
    expect(chat.labels()).toEqual(['🌙 Evening', '17:00', '🕒 All times', '📅 Another day']);
    await chat.press('All times');
    expect(chat.labels()).toHaveLength(17 + 3 + 1);
    // A number is the position among the times, never a heading's: "2" is 09:30.
    await chat.type('2');
    expect(chat.text()).toContain('What name');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${7000 + chats}` });
    expect(held.startsAt.getTime()).toBe(w.at('09:30', 5));
    await chat.press('Cancel');
  });

  it('keeps typed hours and times as they were: "12" is 12:00, "18:10" offers the nearest times', async () => {
    const chat = customer();
    await toDays(chat, 'Haircut', 'Specialist 2');
    await chat.press('Fri');
    await chat.type('18:10');
    expect(chat.text()).toContain('18:10 is not free that day');
    expect(chat.labels()).toContain('Fri 7 March, 17:00');
    await chat.press('Another day');
    await chat.press('Fri');
    await chat.type('12');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${7000 + chats}` });
    expect(held.startsAt.getTime()).toBe(w.at('12:00', 4));
    await chat.press('Cancel');
  });

  it('on a channel without buttons, lists the parts above the numbered times', async () => {
    const sms = await textCustomer({ ctx: w.ctx, translator, businessId: w.business.id, chatId: '+380501234567', channel: 'sms', maxLength: 320 });
    await sms.send('hi');
    await sms.pick('Book');
    await sms.pick('Haircut');
    await sms.pick('Specialist 2');
    expect(sms.numbered().get(1)).toBe('Today 09:00 with Specialist 2');
    expect(sms.numbered().get(2)).toBe('Today, Mon 3 Mar');
    const times = await sms.send('sunday');
    expect(times).toContain('Morning: 09:00–11:30\nAfternoon: 12:00–16:30\nEvening: 17:00');
    expect(times).toMatch(/^1 09:00$/mu);
    expect([...sms.numbered().values()].some((l) => l.includes('Morning'))).toBe(false);
    await sms.send('15');
    expect(sms.last()).toContain('What name');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', customer: sms.customerId });
    expect(held.startsAt.getTime()).toBe(w.at('15:00', 6));
  });
});

describe('a returning customer', () => {
  it('books their last service and specialist again in four taps from /start', async () => {
    const chat = customer();
    await toDays(chat, 'Haircut', 'Specialist 2');
    await chat.press('Tomorrow');
    await chat.press('10:00');
    await chat.press('Olena');
    await chat.type('+380675550101');
    await chat.press('Confirm');
    expect(chat.transcript()).toContain("You're booked");
    // Nothing to book again before the first visit has happened.
    expect(chat.labels().join(' | ')).not.toContain('Book again');

    // Two days later: the haircut is behind them.
    w.clock.set(w.at('08:00', 2));
    let taps = 0;
    const tap = async (label: string) => {
      taps += 1;
      await chat.press(label);
    };
    await chat.send({ kind: 'command', name: 'start', arg: '' });
    expect(chat.labels()[0]).toBe('🔁 Book again: Haircut with Specialist 2');
    await tap('Book again');
    expect(chat.text()).toContain('Choose a day');
    expect(chat.labels()[0]).toBe('⚡ Today 09:00 with Specialist 2');
    await tap('Tomorrow, Thu 6 Mar');
    await tap('11:00');
    // Name and phone are remembered: straight to the summary.
    expect(chat.text()).toContain('Please check your booking');
    expect(chat.text()).toContain('Specialist 2');
    await tap('Confirm');
    expect(taps).toBeLessThanOrEqual(4);
    const again = await em().findOneOrFail(BookingSchema, { startsAt: new Date(w.at('11:00', 3)), customer: { phone: '+380675550101' } });
    expect(again).toMatchObject({ status: 'confirmed', service: { id: w.haircut.id }, staffMember: { id: w.staff[1]!.id } });
  });
});
