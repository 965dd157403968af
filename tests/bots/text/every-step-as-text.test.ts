import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { cancelBooking } from '../../../src/app/booking/cancel-booking.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { savePromoCode } from '../../../src/app/catalog/save-promo-code.ts';
import { formatDateTime, formatDay, formatDayShort } from '../../../src/bots/engine/chat-formatting.ts';
import { withoutIcons } from '../../../src/bots/engine/text-menu.ts';
import { notificationMessage } from '../../../src/bots/notification-messages.ts';
import { BookingSchema, OutboxMessageSchema, ReviewSchema, WaitlistEntrySchema, type Channel } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Language, type Translator } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { textCustomer } from './text-customer.ts';

// Every step of the engine, driven as a customer on SMS (320 characters) and on WhatsApp
// (4096) in each language: every reply is checked (not empty, within the limit, numbered
// 1, 2, 3…), each choice is made by typing the number printed beside it, and the
// navigation words are typed in the customer's own language.

let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  // One specialist per run, so the runs' calendars never meet.
  // Customer 0 fills days; each run has its own customer who takes a time under it (a
  // customer may hold only a few slots at once).
  w = await makeBookingWorld(db.orm, { customers: 1 + RUNS.length, staff: 8 });
  translator = await createTranslator(await loadMessages());
  await savePromoCode(w.ctx, w.business.id, owner, { code: 'SPRING10', discountKind: 'percent', discountAmount: '10', serviceIds: [] });
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);

const WORDS: Record<Language, { back: string; menu: string; help: string; more: string }> = {
  en: { back: 'Back', menu: 'MENU', help: 'help', more: 'more' },
  ru: { back: 'назад', menu: 'Меню', help: 'помощь', more: 'ещё' },
  uk: { back: 'Назад', menu: 'меню', help: 'допомога', more: 'далі' },
  kk: { back: 'артқа', menu: 'мәзір', help: 'Көмек', more: 'тағы' },
};
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский', uk: 'Українська', kk: 'Қазақша' };
const NAMES: Record<Language, string> = { en: 'Anna', ru: 'Анна', uk: 'Олена', kk: 'Әсел' };

const RUNS: [Channel, number, Language][] = [
  ['sms', 320, 'en'],
  ['sms', 320, 'ru'],
  ['sms', 320, 'uk'],
  ['sms', 320, 'kk'],
  ['whatsapp', 4096, 'en'],
  ['whatsapp', 4096, 'ru'],
  ['whatsapp', 4096, 'uk'],
  ['whatsapp', 4096, 'kk'],
];

describe('every engine step as numbered text', () => {
  it.each(RUNS.map((run, i) => [...run, i] as const))('%s (%i characters) in %s', { timeout: 600_000 }, async (channel, maxLength, language, run) => {
    const staff = w.staff[run]!;
    const says = (key: string, params?: Record<string, string | number>) => {
      const variant = `text.variant.${key}`;
      // The beginning of the sentence: a long one may end in "…" on SMS.
      return translator.t(language, translator.has(variant) ? variant : key, params).slice(0, 40);
    };
    const label = (key: string) => withoutIcons(translator.t(language, key));
    const words = WORDS[language];
    const zone = w.business.timeZone;
    const chat = await textCustomer({ ctx: w.ctx, translator, businessId: w.business.id, chatId: `+38063${String(1000000 + run)}`, channel, maxLength, language, phone: false });

    // Hello, the menu, the language, help and "menu" typed.
    expect(await chat.send('hi')).toContain(says('chat.greeting', { business: 'Kyiv Studio' }));
    expect([...chat.numbered().values()]).toEqual(['book', 'my_bookings', 'talk', 'language', 'help', 'notifications'].map((k) => label(`chat.menu.${k}`)));
    expect(await chat.pick(label('chat.menu.language'))).toContain(says('chat.language.pick'));
    expect(chat.last()).toMatch(/^0 — /mu);
    expect(await chat.pick(LANGUAGE_NAMES[language])).toContain(says('chat.language.changed'));
    expect(await chat.send(words.help)).toContain(says('chat.help.text', { business: 'Kyiv Studio' }));
    expect(await chat.send(words.menu)).toContain(says('chat.menu.prompt'));

    // Talk to a person: the text goes to the team; "back" leaves.
    expect(await chat.pick(label('chat.menu.talk'))).toContain(says('chat.talk.prompt'));
    expect(await chat.send('Do you have parking?')).toContain(says('chat.talk.sent'));
    expect(await chat.send(words.back)).toContain(says('chat.menu.prompt'));
    // Notification settings, and "0" back to the menu.
    expect(await chat.pick(label('chat.menu.notifications'))).toContain(says('chat.notifications.title'));
    expect(await chat.send('0')).toContain(says('chat.menu.prompt'));

    // Service ("0" on the first step is the menu), specialist ("back" is the service step).
    expect(await chat.pick(label('chat.menu.book'))).toContain(says('chat.book.pick_service'));
    expect(await chat.send('0')).toContain(says('chat.menu.prompt'));
    await chat.pick(label('chat.menu.book'));
    expect(await chat.pick('Haircut')).toContain(says('chat.book.pick_staff'));
    expect(await chat.send(words.back)).toContain(says('chat.book.pick_service'));
    await chat.pick('Haircut');
    expect(await chat.pick(staff.name)).toContain(says('chat.book.pick_day'));

    // Day, then times a page at a time: "9"/more, "0" back to the page before.
    // The day buttons keep the short form; the text names the day in full.
    expect(await chat.pick(formatDayShort('2031-03-04', language))).toContain(says('chat.book.pick_time', { day: formatDay('2031-03-04', language) }));
    expect(chat.numbered().get(1)).toBe('09:00');
    await chat.send(words.more);
    expect(chat.numbered().get(1)).toBe('13:00');
    await chat.send('0');
    expect(chat.numbered().get(1)).toBe('09:00');
    await chat.send('9');
    expect(chat.numbered().get(1)).toBe('13:00');

    // 13:00 is taken while the customer reads: their "1" still means 13:00 (what they
    // saw), and the nearest free times are offered.
    await holdSlot(w.ctx, w.business.id, { customerId: w.customers[1 + run]!, serviceId: w.haircut.id, staffId: staff.id, startsAt: w.at('13:00'), source: 'admin' });
    expect(await chat.send('1')).toContain(says('chat.book.alternatives'));
    const alternative = chat.numbered().get(1)!;
    expect(await chat.send('1')).toContain(says('chat.checkout.ask_name'));
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', customer: chat.customerId });
    expect(formatDateTime(held.startsAt.getTime(), zone, language)).toBe(alternative);

    // Name, phone (this customer's number is not known), promo code, summary.
    expect(await chat.send(NAMES[language])).toContain(says('chat.checkout.ask_phone'));
    expect(await chat.send(`+38067${String(7000000 + run)}`)).toContain(says('chat.checkout.ask_promo'));
    expect(await chat.send('spring10')).toContain(says('chat.checkout.summary_title'));
    await chat.pick(label('chat.checkout.confirm'));
    const booked = await em().findOneOrFail(BookingSchema, { status: 'confirmed', customer: chat.customerId });
    expect(booked.id).toBe(held.id);

    // A full day: the waitlist.
    const full = '2031-03-08';
    const blockers = [];
    for (let h = 9; h < 18; h += 1) {
      blockers.push(await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: staff.id, startsAt: w.at(`${String(h).padStart(2, '0')}:00`, 5) }));
    }
    await chat.pick(label('chat.menu.book'));
    await chat.pick('Yoga');
    await chat.pick(staff.name);
    expect(await chat.send('08.03')).toContain(says('chat.waitlist.day_full', { day: formatDay(full, language) }));
    expect(await chat.pick(label('chat.waitlist.join_day'))).toContain(says('chat.waitlist.joined'));

    // A reminder's numbered answers work whatever step the chat is at.
    const notice = async (topic: 'booking.reminder' | 'booking.follow_up' | 'waitlist.offer', payload: Record<string, unknown>) => {
      const msg = await notificationMessage(w.ctx, { businessId: w.business.id, topic, payload, audience: 'customer', locale: language });
      return chat.notify(msg!, language);
    };
    await notice('booking.reminder', { bookingId: booked.id });
    expect(await chat.send('1')).toContain(says('chat.reminder.see_you'));
    await notice('booking.reminder', { bookingId: booked.id });
    expect(await chat.send('2')).toContain(says('chat.book.pick_day'));

    // Rescheduling: a day, a time, "move it?", yes.
    await chat.pick(formatDayShort('2031-03-05', language));
    expect(await chat.pick('10:00')).toContain(says('chat.my.move_question', { service: 'Haircut', from: formatDateTime(booked.startsAt.getTime(), zone, language), to: formatDateTime(w.at('10:00', 2), zone, language) }));
    await chat.pick(label('chat.my.move_yes'));
    expect((await em().findOneOrFail(BookingSchema, { id: booked.id }, { refresh: true })).startsAt.getTime()).toBe(w.at('10:00', 2));

    // My bookings: one booking, "no, keep it", back to the list, "0" to the menu.
    expect(await chat.pick(label('chat.menu.my_bookings'))).toContain(formatDateTime(w.at('10:00', 2), zone, language));
    expect(await chat.pick('Haircut')).toContain(says('chat.my.booking', { service: 'Haircut', staff: staff.name, when: formatDateTime(w.at('10:00', 2), zone, language) }));
    await chat.pick(label('chat.my.cancel'));
    expect(await chat.pick(label('chat.my.cancel_no'))).toContain(label('chat.my.reschedule'));
    expect(await chat.send(words.back)).toContain('Haircut');
    expect(await chat.send('0')).toContain(says('chat.menu.prompt'));

    // Cancelling from the reminder's "3".
    await notice('booking.reminder', { bookingId: booked.id });
    expect(await chat.send('3')).toContain(says('chat.my.cancel_question', { service: 'Haircut', when: formatDateTime(w.at('10:00', 2), zone, language) }));
    expect(await chat.pick(label('chat.my.cancel_yes'))).toContain(says('chat.my.cancelled'));
    expect((await em().findOneOrFail(BookingSchema, { id: booked.id }, { refresh: true })).status).toBe('cancelled');

    // A time frees up on the full day: the waitlist offer's "1" takes it.
    await cancelBooking(w.ctx, w.business.id, owner, { bookingId: blockers[3]!.id, reason: 'customer called' });
    const entry = await em().findOneOrFail(WaitlistEntrySchema, { customer: chat.customerId }, { refresh: true });
    expect(entry.status).toBe('offered');
    const offer = await em().findOneOrFail(OutboxMessageSchema, { topic: 'waitlist.offer', aggregateId: entry.offerBooking!.id });
    expect(await notice('waitlist.offer', offer.payload)).toMatch(/^1 /mu);
    await chat.send('1');
    const taken = await em().findOneOrFail(BookingSchema, { id: entry.offerBooking!.id }, { refresh: true });
    expect(taken.status).toBe('confirmed');

    // After the visit: a rating by its number, then a comment.
    w.clock.set(taken.endsAt.getTime() + 60 * 60_000);
    expect(await notice('booking.follow_up', { bookingId: taken.id })).toMatch(/^5 /mu);
    expect(await chat.send('5')).toContain(says('chat.review.ask_comment'));
    expect(await chat.send('Lovely class')).toContain(says('chat.review.thanks'));
    const review = await em().findOneOrFail(ReviewSchema, { booking: taken.id });
    expect(review).toMatchObject({ rating: 5, comment: 'Lovely class' });
  });
});
