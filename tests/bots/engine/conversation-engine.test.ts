import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, ConversationSchema, CustomerSchema, OutboxMessageSchema, WaitlistEntrySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { holdSlot } from '../../../src/app/booking/hold-slot.ts';
import { confirmBooking } from '../../../src/app/booking/confirm-booking.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { chatDriver, playScript, type ChatDriver, type ScriptStep } from '../../support/chat-driver.ts';
import { handleChatEvent } from '../../../src/bots/engine/conversation-session.ts';

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
function customer(options: { name?: string; language?: string; idleMinutes?: number } = {}): ChatDriver {
  chats += 1;
  return chatDriver({ ctx: w.ctx, translator, businessId: w.business.id, chatId: String(1000 + chats), name: 'Olena', ...options });
}

type Step = ScriptStep;

/** The opening of a booking: hello, Book, a service, a specialist, a day — ending at its free times. */
function toFreeTimes(service: string, specialist: string, day: string): Step[] {
  return [
    ['type', 'hi', 'Hello'],
    ['press', 'Book', 'service'],
    ['press', service, 'Who'],
    ['press', specialist, 'day'],
    ['press', day, `Free times on ${day}`],
  ];
}

const play = playScript;

describe('conversation engine: booking', () => {
  it('books from the first hello to a confirmed booking, asking only for what it needs', async () => {
    const chat = customer();
    await play(chat, [
      ['type', 'hi', 'This is Kyiv Studio'],
      ['press', 'Book', 'Which service'],
      ['press', 'Haircut', 'Who would you like to see?'],
      ['press', 'Anyone', 'Choose a day'],
      ['press', 'Tue', 'Free times on Tue'],
      ['press', '10:00', 'What name'],
      // A number picks the offered profile name: no name is a number.
      ['type', '1', 'share your phone'],
      ['type', 'not a phone', "doesn't look like a phone number"],
      ['type', '+380 67 555 12 34', 'Please check your booking'],
      ['press', 'Confirm', "You're booked for Tue"],
    ]);
    const bookings = await em().find(BookingSchema, { source: 'telegram', status: 'confirmed', customer: { phone: '+380675551234' } }, { populate: ['customer'] });
    expect(bookings).toHaveLength(1);
    expect(bookings[0]!.startsAt.getTime()).toBe(w.at('10:00'));
    expect(bookings[0]!.customer.getEntity()).toMatchObject({ name: 'Olena', phone: '+380675551234' });
    // The summary showed the price the business set.
    expect(chat.labels()).toContain('📅 Book');
  });

  it('understands typed numbers, dates and times, and re-prompts on anything else', async () => {
    const chat = customer();
    await play(chat, [
      ['type', '/start', 'Hello!'],
      ['type', '1', 'Which service'],
      ['type', 'something else', "didn't catch that"],
      ['type', 'haircut', 'Who would you like'],
      ['type', '2', 'Choose a day'],
      ['type', 'tomorrow', 'Free times on Tue'],
      ['type', '14:30', 'What name'],
      ['type', '12345', 'name in letters'],
      ['type', 'Taras', 'phone'],
      // "2" is neither a phone number nor an option here (the only option is Cancel).
      ['type', '2', "doesn't look like a phone number"],
    ]);
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${1000 + chats}` });
    expect(held.startsAt.getTime()).toBe(w.at('14:30'));
    expect(held.staffMember.id).toBe(w.staff[0]!.id);
  });

  it('answers a stale button gently and shows the current step', async () => {
    const chat = customer();
    await chat.type('hello');
    const staleVersion = chat.version();
    await chat.press('Book');
    await chat.send({ kind: 'choice', id: 'my', version: staleVersion });
    expect(chat.text()).toContain('That menu is out of date');
    expect(chat.text()).toContain('Which service');
  });

  it('offers the nearest free times when the slot is taken mid-flow', async () => {
    const chat = customer();
    await play(chat, [
      ...toFreeTimes('Massage', 'Anyone', 'Wed'),
    ]);
    // Someone else takes 11:00 of the only room while this customer looks at the times.
    const other = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.massage.id, staffId: null, startsAt: w.at('11:00', 2), source: 'admin' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { bookingId: other.id });
    await play(chat, [
      ['press', '11:00', 'just been taken'],
      ['press', '12:00', 'What name'],
    ]);
    expect(chat.text()).toContain('What name');
  });

  it('times out an idle flow and releases its hold', async () => {
    const chat = customer({ idleMinutes: 15 });
    await play(chat, [
      ...toFreeTimes('Haircut', 'Specialist 2', 'Thu'),
      ['press', '09:30', 'What name'],
    ]);
    const key = `telegram:${1000 + chats}`;
    const hold = await em().findOneOrFail(BookingSchema, { conversationKey: key });
    w.clock.advanceMinutes(16);
    await chat.type('Olena');
    expect(chat.text()).toContain('released the time you picked');
    expect(chat.labels()).toContain('📅 Book');
    em().clear();
    const released = await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { id: hold.id });
    expect(released.status).toBe('cancelled');
  });

  it('offers the waitlist for a day with no free time, and joins it', async () => {
    const chat = customer();
    const sunday = '2031-03-09';
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Book', 'service'],
      ['press', 'Yoga', 'Who'],
      ['press', 'Specialist 1', 'day'],
    ]);
    // Fill Sunday for Specialist 1 with a long manual block: no yoga time left.
    const { createBooking } = await import('../../../src/app/booking/create-booking.ts');
    for (let h = 9; h < 18; h += 1) {
      await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, {
        customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at(`${String(h).padStart(2, '0')}:00`, 6), source: 'admin', force: true,
      });
    }
    await play(chat, [
      ['type', '09.03', 'fully booked'],
      ['press', 'Join the waitlist', "You're on the waitlist"],
    ]);
    const entries = await em().find(WaitlistEntrySchema, { service: w.yoga.id, fromDate: sunday });
    expect(entries).toHaveLength(1);
  });
});

describe('conversation engine: what customers type', () => {
  it('reads a typed hour as that time when it is free, and a small number as an option otherwise', async () => {
    const chat = customer();
    await play(chat, [
      ...toFreeTimes('Haircut', 'Specialist 2', 'Sun'),
      ['type', '10', 'What name'],
    ]);
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${1000 + chats}` });
    expect(held.startsAt.getTime()).toBe(w.at('10:00', 6));
    await play(chat, [
      ['press', 'Cancel', 'What would you like'],
      ['press', 'Book', 'service'],
      ['press', 'Haircut', 'Who'],
      ['press', 'Specialist 2', 'day'],
      ['press', 'Sun', 'Free times on Sun'],
      // 21:00 is after hours: "21" is not a free time, so it is not read as one (nor as option 21).
      ['type', '21', "didn't catch"],
      ['type', '2', 'What name'],
    ]);
    const second = await em().findOneOrFail(BookingSchema, { status: 'held', conversationKey: `telegram:${1000 + chats}` });
    expect(second.startsAt.getTime()).toBe(w.at('09:30', 6));
  });

  it('explains the booking window for a typed date outside it', async () => {
    const chat = customer();
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Book', 'service'],
      ['press', 'Haircut', 'Who'],
      ['press', 'Specialist 1', 'day'],
      ['type', '01.01.2030', 'We take bookings from Mon 3 March to'],
      ['type', '25.12', 'We take bookings from'],
    ]);
  });

  it('treats an overlong phone or a forged notification button as not understood, never an error', async () => {
    const chat = customer();
    await play(chat, [
      ...toFreeTimes('Haircut', 'Specialist 2', 'Sat'),
      ['press', '12:00', 'What name'],
      ['press', 'Olena', 'phone'],
      ['type', 'my number is +380 67 123 45 67, call after 6pm please', "didn't catch"],
    ]);
    await chat.send({ kind: 'choice', id: 'rm-cancel:not-a-uuid', version: null });
    expect(chat.text()).toContain("didn't catch");
  });

  it('keeps the chosen specialist when the customer changes the time at the summary', async () => {
    const chat = customer();
    await play(chat, [
      ...toFreeTimes('Haircut', 'Specialist 2', 'Sat'),
      ['press', '13:00', 'name'],
      ['press', 'Olena', 'phone'],
      ['type', '+380675554411', 'check your booking'],
      ['press', 'Change time', 'Choose a day'],
    ]);
    const row = await em().findOneOrFail(ConversationSchema, { chatId: String(1000 + chats) });
    expect(row.state).toMatchObject({ step: { name: 'day', staffId: w.staff[1]!.id } });
  });

  it('keeps a chat that is not holding anything open past the idle time (a late reply to the team is forwarded)', async () => {
    const chat = customer({ idleMinutes: 15 });
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Talk to a person', 'Write your message'],
    ]);
    w.clock.advanceMinutes(120);
    await play(chat, [['type', 'Thanks, see you then', 'Sent to the team']]);
  });
});

describe('conversation engine: one chat, several events', () => {
  it('handles a redelivered event once', async () => {
    const chat = customer();
    await chat.type('hi');
    await chat.press('Talk to a person');
    const env = { ctx: w.ctx, translator, address: { businessId: w.business.id, channel: 'telegram' as const, chatId: String(1000 + chats) }, profile: {}, idleMinutes: 30 };
    const first = await handleChatEvent(env, { kind: 'text', text: 'Only once, please' }, 'telegram:42');
    const again = await handleChatEvent(env, { kind: 'text', text: 'Only once, please' }, 'telegram:42');
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, messages: [] });
    const forwarded = (await em().find(OutboxMessageSchema, { topic: 'conversation.message' })).filter((m) => m.payload['text'] === 'Only once, please');
    expect(forwarded).toHaveLength(1);
  });

  it('waits while another process holds the chat, then carries on from its state', async () => {
    const chat = customer();
    await chat.type('hi');
    const address = { businessId: w.business.id, channel: 'telegram' as const, chatId: String(1000 + chats) };
    // Another process takes the chat (as a second instance of the service would).
    const claim = await w.ctx.conversations.claim(address, { token: 'other-process', now: w.clock.now(), leaseMs: 30_000, eventKey: null });
    expect(claim.kind).toBe('claimed');
    let done = false;
    const waiting = chat.press('Help').then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(done).toBe(false);
    await w.ctx.conversations.release(address, 'other-process');
    await waiting;
    expect(chat.text()).toContain("I'm the booking assistant");
  });
});

describe('conversation engine: my bookings, language, talk', () => {
  it('lists, reschedules and cancels a booking, with the policy explained', async () => {
    const chat = customer();
    await play(chat, [
      ...toFreeTimes('Haircut', 'Specialist 1', 'Fri'),
      ['press', '14:30', 'name'],
      ['press', 'Olena', 'phone'],
      ['type', '+380675559999', 'check your booking'],
      ['press', 'Confirm', "You're booked"],
      ['press', 'My bookings', 'You have 1 upcoming booking'],
      ['press', 'Haircut', 'reschedule up to 2 h'],
      ['press', 'Reschedule', 'Choose a day'],
      ['press', 'Sat', 'Free times on Sat'],
      ['press', '11:00', 'Move Haircut from Fri 7 March, 14:30 to Sat 8 March, 11:00?'],
      ['press', 'Yes, move it', 'moved to Sat'],
      ['press', 'My bookings', '1 upcoming'],
      ['press', 'Haircut', 'Sat'],
      ['press', 'Cancel booking', 'Cancel Haircut on Sat'],
      ['press', 'No, keep it', 'Reschedule'],
      ['press', 'Cancel booking', 'Cancel Haircut'],
      ['press', 'Yes, cancel', 'Your booking is cancelled'],
      ['press', 'My bookings', 'no upcoming bookings'],
    ]);
  });

  it('explains the cutoff instead of rescheduling too late', async () => {
    const chat = customer();
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Book', 'service'],
      ['press', 'Haircut', 'Who'],
      ['press', 'Specialist 2', 'day'],
      ['type', 'today', 'Free times on Mon'],
      ['press', '09:00', 'name'],
      ['press', 'Olena', 'phone'],
      ['type', '+380675558888', 'check'],
      ['press', 'Confirm', 'booked'],
      ['press', 'My bookings', 'upcoming'],
      ['press', 'Haircut', 'Mon'],
      ['press', 'Reschedule', /changes close 2 hrs? before the start/],
    ]);
  });

  it('switches language and keeps it', async () => {
    const chat = customer({ language: 'en' });
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Language', 'Choose your language'],
      ['press', 'Русский', 'по-русски'],
      ['type', 'что-то', 'не удалось понять'],
    ]);
    expect((await chat.type('menu')).language).toBe('ru');
  });

  it('greets in the language of the customer app', async () => {
    const chat = customer({ language: 'uk-UA' });
    const reply = await chat.type('привіт');
    expect(reply.language).toBe('uk');
    expect(chat.text()).toContain('Kyiv Studio');
    expect(chat.text()).not.toContain('Hello');
  });

  it('asks a newcomer whose app speaks another language to choose one first', async () => {
    const chat = customer({ language: 'de' });
    await chat.type('Hallo');
    expect(chat.text()).toContain('Kyiv Studio');
    expect(chat.labels()).toEqual(['English', 'Русский', 'Українська', 'Қазақша', '⬅️ Back']);
    await chat.press('Қазақша');
    expect((await chat.type('?')).language).toBe('kk');
  });

  it('forwards a message to the team', async () => {
    const chat = customer();
    await play(chat, [
      ['type', 'hi', 'Hello'],
      ['press', 'Talk to a person', 'Write your message'],
      ['type', 'Can I bring my dog?', 'Sent to the team'],
    ]);
    const forwarded = await em().find(OutboxMessageSchema, { topic: 'conversation.message' });
    expect(forwarded.map((m) => m.payload['text'])).toContain('Can I bring my dog?');
  });

  it('opens a service from a /start deep link and handles notification buttons in any step', async () => {
    const chat = customer();
    await chat.send({ kind: 'command', name: 'start', arg: w.consultation.id });
    expect(chat.text()).toContain('Who would you like to see?');
    await play(chat, [
      ['press', 'Specialist 1', 'day'],
      ['press', 'Tue', 'Free times'],
      ['press', '13:00', 'name'],
      ['press', 'Olena', 'phone'],
      ['type', '+380675557777', 'check'],
      ['press', 'Confirm', 'The team will confirm it shortly'],
    ]);
    const booking = await em().findOneOrFail(BookingSchema, { service: w.consultation.id, status: 'pending' });
    await chat.press('Book');
    await chat.send({ kind: 'choice', id: `rm-cancel:${booking.id}`, version: null });
    expect(chat.text()).toContain('Cancel Consultation');
    await chat.press('Yes, cancel');
    expect(chat.text()).toContain('cancelled');
  });

  it('starts over as a new customer when the card the chat belonged to was removed', async () => {
    const chat = customer();
    await chat.type('hi');
    await chat.press('Language');
    const row = await em().findOneOrFail(ConversationSchema, { chatId: String(1000 + chats) });
    const oldCustomer = String(row.state?.['customerId']);
    await em().nativeDelete(CustomerSchema, { id: oldCustomer });
    await chat.press('English');
    expect(chat.text()).toContain('What would you like to do?');
    em().clear();
    const after = await emForBusiness(db.orm, w.business.id).findOneOrFail(ConversationSchema, { chatId: String(1000 + chats) });
    expect(after.state?.['customerId']).not.toBe(oldCustomer);
    expect(await emForBusiness(db.orm, w.business.id).count(CustomerSchema, { id: String(after.state?.['customerId']) })).toBe(1);
  });

  it('keeps one conversation row per chat with a growing version', async () => {
    const chat = customer();
    await chat.type('hi');
    await chat.press('Help');
    const row = await em().findOneOrFail(ConversationSchema, { chatId: String(1000 + chats) });
    expect(row.version).toBe(2);
    expect(row.state).toMatchObject({ step: { name: 'help' }, language: null });
  });

  it('offers a question typed at the menu to a person instead of "didn\'t catch that"', async () => {
    const chat = customer();
    await chat.type('hi');
    await chat.type('Do you have parking near the studio?');
    expect(chat.text()).toContain('Shall I pass this on to a person?');
    expect(chat.text()).toContain('“Do you have parking near the studio?”');
    await chat.press('Yes, send it');
    expect(chat.text()).toContain(translator.t('en', 'chat.talk.sent'));
    const sent = await em().find(OutboxMessageSchema, { topic: 'conversation.message' }, { orderBy: { createdAt: 'desc' }, limit: 1 });
    expect(sent[0]?.payload['text']).toBe('Do you have parking near the studio?');
    // A stray word is still just not understood.
    await chat.type('menu');
    await chat.type('xyz');
    expect(chat.text()).not.toContain('Shall I pass this on');
  });
});
