import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, CustomerSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { savePromoCode } from '../../../src/app/catalog/save-promo-code.ts';
import { releaseExpiredHolds } from '../../../src/app/sweeps/release-expired-holds.ts';
import { formatDay, formatDayShort } from '../../../src/bots/engine/chat-formatting.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { chatDriver, playScript, type ChatDriver, type ScriptStep } from '../../support/chat-driver.ts';
import { textCustomer } from '../text/text-customer.ts';

// What customers type where the chat expects a word of its own: yes/no/skip/cancel in
// four languages, bare hours and off-grid times, the day labels the chat prints, and a
// hold that lapsed or a language changed in the middle of checkout.

let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let chats = 0;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 2, staff: 4 });
  translator = await createTranslator(await loadMessages());
  await savePromoCode(w.ctx, w.business.id, owner, { code: 'SPRING10', discountKind: 'percent', discountAmount: '10', serviceIds: [] });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);
function customer(options: { language?: string; idleMinutes?: number } = {}): ChatDriver {
  chats += 1;
  return chatDriver({ ctx: w.ctx, translator, businessId: w.business.id, chatId: String(5000 + chats), name: 'Olena', ...options });
}
const conversationKey = () => `telegram:${5000 + chats}`;
const heldBooking = () => em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: conversationKey() });

type Step = ScriptStep;

const play = playScript;

/** From hello to the name step, holding `time` on the `day`-th day after today with `specialist`. */
function toName(specialist: string, day: number, time: string): Step[] {
  const label = formatDay(`2031-03-0${3 + day}`, 'en');
  return [
    ['type', 'hi', 'Hello'],
    ['press', 'Book', 'service'],
    ['press', 'Haircut', 'Who'],
    ['press', specialist, 'day'],
    ['press', label.slice(0, 3), `Free times on ${label}`],
    ['press', time, 'What name'],
  ];
}

/** From hello to the promo step (name and phone given). */
function toPromo(specialist: string, day: number, time: string, phone: string): Step[] {
  return [...toName(specialist, day, time), ['press', 'Olena', 'phone'], ['type', phone, 'promo code']];
}

describe('typed answers at checkout', () => {
  const skipWords = ['нет', 'no', 'ні', 'жоқ', 'skip', 'пропустить', 'пропустити', 'өткізу'];
  it.each(skipWords.map((word, i) => [word, i] as const))('reads "%s" at the promo step as "no code", never as a code', async (word, i) => {
    const chat = customer();
    await play(chat, [
      ...toPromo('Specialist 1', 1, `${9 + i}:00`.padStart(5, '0'), `+38067555${String(1000 + i)}`),
      ['type', word, 'Please check your booking'],
    ]);
    expect(chat.text()).not.toContain('Discount');
    expect(chat.text()).not.toContain('promo');
  });

  const cancelWords = ['cancel', 'Отмена', 'скасувати', 'бас тарту'];
  it.each(cancelWords.map((word, i) => [word, i] as const))('cancels at the name step on "%s": the hold is released and the chat says so', async (word, i) => {
    const chat = customer();
    await play(chat, toName('Specialist 2', 1, `${9 + i}:00`.padStart(5, '0')));
    const hold = await heldBooking();
    await play(chat, [['type', word, 'nothing was booked']]);
    expect(chat.text()).toContain('What would you like to do?');
    em().clear();
    expect((await em().findOneOrFail(BookingSchema, { id: hold.id })).status).toBe('cancelled');
    expect((await em().findOneOrFail(CustomerSchema, { id: hold.customer.id })).name).not.toBe(word);
  });

  it('reads a number typed at the phone step as a (bad) phone, keeping the hold', async () => {
    const chat = customer();
    await play(chat, [
      ...toName('Specialist 3', 1, '09:00'),
      ['press', 'Olena', 'phone'],
      ['type', '1', "doesn't look like a phone number"],
    ]);
    expect(chat.text()).toContain('share your phone');
    expect((await heldBooking()).startsAt.getTime()).toBe(w.at('09:00'));
  });

  it('reads a number typed at the phone step over SMS as a (bad) phone too, and shows no numbered Cancel there', async () => {
    const sms = await textCustomer({ ctx: w.ctx, translator, businessId: w.business.id, chatId: '+380631112233', channel: 'sms', maxLength: 320, phone: false });
    await sms.send('hi');
    await sms.pick('Book');
    await sms.pick('Haircut');
    await sms.pick('Specialist 3');
    await sms.pick(formatDayShort('2031-03-05', 'en'));
    await sms.pick('11:00');
    expect(await sms.send('Taras')).toContain('phone number');
    expect([...sms.numbered().values()]).toEqual([]);
    expect(await sms.send('1')).toContain("doesn't look like a phone number");
    expect((await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: 'sms:+380631112233' })).startsAt.getTime()).toBe(w.at('11:00', 2));
  });

  const yesWords = ['👍', 'да', 'так', 'иә', 'yes', 'ok', 'ок', 'Yes!'];
  it.each(yesWords.map((word, i) => [word, i] as const))('confirms at the summary on "%s"', async (word, i) => {
    const chat = customer();
    await play(chat, [
      ...toPromo('Specialist 4', 1, `${9 + i}:00`.padStart(5, '0'), `+38067556${String(1000 + i)}`),
      ['press', 'No code', 'Please check your booking'],
      ['type', word, "You're booked"],
    ]);
  });
});

describe('re-prompts on free-text steps', () => {
  it('asks again for the name, phone, promo code or message in words of its own, not "choose one of the options"', async () => {
    const chat = customer();
    await play(chat, toName('Specialist 1', 2, '09:00'));
    const location = { kind: 'location', latitude: 50.45, longitude: 30.52 } as const;
    await chat.send(location);
    expect(chat.text()).not.toContain('choose one of the options');
    expect(chat.text()).toContain('type your name');
    await chat.press('Olena');
    await chat.send(location);
    expect(chat.text()).not.toContain('choose one of the options');
    expect(chat.text()).toContain('phone number');
    await chat.type('+380675557001');
    await chat.type('x');
    expect(chat.text()).not.toContain('choose one of the options');
    expect(chat.text()).toContain('promo code');
    await chat.press('Cancel');
    await chat.press('Talk to a person');
    await chat.send(location);
    expect(chat.text()).not.toContain('choose one of the options');
    expect(chat.text()).toContain('type your message');
  });
});

describe('typed times', () => {
  // Rule: a bare number is an hour when it lies within the hours the day's free times
  // span (here 9..17): "12" is 12:00 — taken, so the nearest free times are offered.
  // Any other number ("2", "21") picks the listed time at that position.
  it('reads "12" as 12:00 when 12:00 is taken (the nearest free times), not as the 12th time listed', async () => {
    await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00', 3) });
    const chat = customer();
    const thu = formatDay('2031-03-06', 'en');
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Book', 'service'],
      ['press', 'Haircut', 'Who'],
      ['press', 'Specialist 1', 'day'],
      ['press', 'Thu', `Free times on ${thu}`],
      ['type', '12', '12:00 is not free'],
    ]);
    expect(chat.text()).toContain('nearest free times');
    expect(chat.labels()).toEqual(expect.arrayContaining([`${thu}, 11:00`, `${thu}, 13:00`]));
    await play(chat, [['press', '13:00', 'What name']]);
    expect((await heldBooking()).startsAt.getTime()).toBe(w.at('13:00', 3));
    // A number that is no hour of the day picks by position: "2" is the second time.
    await play(chat, [
      ['press', 'Cancel', 'What would you like'],
      ['press', 'Book', 'service'],
      ['press', 'Haircut', 'Who'],
      ['press', 'Specialist 1', 'day'],
      ['press', 'Thu', `Free times on ${thu}`],
      ['type', '2', 'What name'],
    ]);
    expect((await heldBooking()).startsAt.getTime()).toBe(w.at('09:30', 3));
  });

  it('offers the nearest free times around an off-grid time ("18:10", "12:10")', async () => {
    const chat = customer();
    const fri = formatDay('2031-03-07', 'en');
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Book', 'service'],
      ['press', 'Haircut', 'Who'],
      ['press', 'Specialist 2', 'day'],
      ['press', 'Fri', `Free times on ${fri}`],
      ['type', '18:10', 'nearest free times'],
    ]);
    expect(chat.labels()).toContain(`${fri}, 17:00`);
    await play(chat, [
      ['press', 'Another day', 'Choose a day'],
      ['press', 'Fri', `Free times on ${fri}`],
      ['type', '12:10', 'nearest free times'],
    ]);
    expect(chat.labels()).toEqual(expect.arrayContaining([`${fri}, 12:00`, `${fri}, 12:30`]));
    await play(chat, [['press', '12:30', 'What name']]);
    expect((await heldBooking()).startsAt.getTime()).toBe(w.at('12:30', 4));
  });
});

describe('typed days in Kazakh', () => {
  it('reads the weekday and month abbreviations the day buttons show ("сс", "5 нау.", "жм") and the full names the text shows', async () => {
    const chat = customer({ language: 'kk' });
    await chat.type('сәлем');
    await chat.press('book');
    await chat.press('Haircut');
    await chat.press('stf:any');
    const free = (date: string) => translator.t('kk', 'chat.book.pick_time', { day: formatDay(date, 'kk') });
    await chat.type('сс');
    expect(chat.text()).toContain(free('2031-03-04'));
    await chat.press('days');
    await chat.type('5 нау.');
    expect(chat.text()).toContain(free('2031-03-05'));
    await chat.press('days');
    await chat.type('жм');
    expect(chat.text()).toContain(free('2031-03-07'));
    await chat.press('days');
    await chat.type(formatDay('2031-03-06', 'kk').replace(',', ''));
    expect(chat.text()).toContain(free('2031-03-06'));
    await chat.press('days');
    await chat.type('сейсенбі');
    expect(chat.text()).toContain(free('2031-03-04'));
    await chat.press('days');
    await chat.type('5 наурыз');
    expect(chat.text()).toContain(free('2031-03-05'));
  });
});

describe('changing language in the middle of checkout', () => {
  it('keeps the hold and comes back to the step the customer was on, in the new language', async () => {
    const chat = customer({ language: 'en' });
    await play(chat, toPromo('Specialist 2', 3, '11:00', '+380675557100'));
    const hold = await heldBooking();
    await chat.send({ kind: 'command', name: 'language', arg: '' });
    await chat.press('Українська');
    expect(chat.text()).toContain(translator.t('uk', 'chat.checkout.ask_promo'));
    expect((await heldBooking()).id).toBe(hold.id);
    await chat.press('skip');
    expect(chat.text()).toContain(translator.t('uk', 'chat.checkout.summary_title'));
    // From the summary too, and "back" from the language list returns to it.
    await chat.send({ kind: 'command', name: 'language', arg: '' });
    await chat.press('back');
    expect(chat.text()).toContain(translator.t('uk', 'chat.checkout.summary_title'));
    await chat.send({ kind: 'command', name: 'language', arg: '' });
    await chat.press('Русский');
    expect(chat.text()).toContain(translator.t('ru', 'chat.checkout.summary_title'));
    await chat.press('ok');
    expect((await em().findOneOrFail(BookingSchema, { id: hold.id }, { refresh: true })).status).toBe('confirmed');
  });
});

describe('a hold that lapsed at the summary', () => {
  it('holds the same time again when it is still free, and confirms it', async () => {
    const chat = customer();
    await play(chat, [...toPromo('Specialist 3', 4, '13:00', '+380675557200'), ['press', 'No code', 'Please check your booking']]);
    const first = await heldBooking();
    w.clock.advanceMinutes(11);
    await play(chat, [['press', 'Confirm', "You're booked"]]);
    expect(chat.text()).not.toContain("can't be changed");
    const booked = await em().find(BookingSchema, { status: 'confirmed', customer: first.customer.id });
    expect(booked.map((b) => b.startsAt.getTime())).toEqual([w.at('13:00', 4)]);
  });

  it('holds the same time again after the sweep released the lapsed hold (no "can\'t be changed that way" loop), with its promo code', async () => {
    const chat = customer();
    await play(chat, [...toPromo('Specialist 4', 4, '10:00', '+380675557400'), ['type', 'spring10', 'Discount']]);
    const first = await heldBooking();
    w.clock.advanceMinutes(12);
    expect(await releaseExpiredHolds(w.ctx, w.business.id)).toContain(first.id);
    await play(chat, [['press', 'Confirm', "You're booked"]]);
    expect(chat.text()).not.toContain("can't be changed");
    const booked = await em().find(BookingSchema, { status: 'confirmed', customer: first.customer.id });
    expect(booked.map((b) => [b.startsAt.getTime(), b.discountMinor])).toEqual([[w.at('10:00', 4), 6000]]);
  });

  it('says plainly when the time was taken meanwhile, and offers the nearest free times', async () => {
    const chat = customer();
    await play(chat, [...toPromo('Specialist 3', 4, '14:00', '+380675557300'), ['press', 'No code', 'Please check your booking']]);
    w.clock.advanceMinutes(11);
    await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[2]!.id, startsAt: w.at('14:00', 4), source: 'admin' });
    await play(chat, [['press', 'Confirm', 'someone else has taken it']]);
    expect(chat.text()).toContain('nearest free times');
    expect(chat.text()).not.toContain("can't be changed");
    expect(chat.labels()).toContain(`${formatDay('2031-03-07', 'en')}, 15:00`);
  });
});
