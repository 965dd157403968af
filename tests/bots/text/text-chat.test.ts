import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema, ConversationSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { ConversationState } from '../../../src/bots/engine/conversation-state.ts';
import { replyToText } from '../../../src/bots/text/text-chat.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { textCustomer } from './text-customer.ts';

let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let numbers = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 1 });
  translator = await createTranslator(await loadMessages());
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);

/** A customer texting from their own number, known by it as the adapters make them known. */
function texter(options: { maxLength?: number; language?: string } = {}) {
  numbers += 1;
  const chatId = `+38050${String(2000000 + numbers)}`;
  return textCustomer({ ctx: w.ctx, translator, businessId: w.business.id, chatId, channel: 'sms', maxLength: options.maxLength ?? 320, ...(options.language ? { language: options.language } : {}) });
}

describe('replying to texts on a channel without buttons', () => {
  it('books over SMS by numbers without asking for the number it came from', async () => {
    const sms = await texter();
    expect(await sms.send('hi')).toMatch(/^1 Book$/mu);
    expect(await sms.send('1')).toMatch(/^2 Haircut · 1 hr · ₴600$/mu);
    expect(await sms.send('2')).toContain('Who would you like to see?');
    expect(await sms.send('2')).toContain('Choose a day');
    const times = await sms.send('tomorrow');
    expect(times).toMatch(/^1 09:00$/mu);
    expect(times).toMatch(/^9 — more$/mu);
    expect(await sms.send('9')).toMatch(/^1 13:00$/mu);
    expect(await sms.send('1')).toContain('What name');
    const summary = await sms.send('Taras');
    expect(summary).toContain('Please check your booking');
    expect(await sms.send('1')).toContain("You're booked");
    const booking = await em().findOneOrFail(BookingSchema, { source: 'sms', status: 'confirmed', customer: sms.customerId }, { populate: ['customer'] });
    expect(booking.startsAt.getTime()).toBe(w.at('13:00'));
    expect(booking.customer.getEntity()).toMatchObject({ name: 'Taras', phone: sms.address.chatId, phoneTrusted: true });
  });

  it('keeps the page in the stored conversation, so the next text is read against it wherever it is handled', async () => {
    const sms = await texter();
    await sms.send('hi');
    await sms.pick('Book');
    await sms.pick('Haircut');
    await sms.pick('Specialist 1');
    await sms.send('thursday');
    await sms.send('9');
    const row = await em().findOneOrFail(ConversationSchema, { channel: 'sms', chatId: sms.address.chatId }, { refresh: true });
    const state = ConversationState.parse(row.state);
    expect(state.textMenu).toMatchObject({ page: 1, more: true, global: false });
    expect(state.textMenu!.shown[0]).toBe(`tm:${w.at('13:00', 3)}`);
    // "2" on the second page is the second time there.
    expect(await sms.send('2')).toContain('What name');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', customer: sms.customerId });
    expect(held.startsAt.getTime()).toBe(w.at('13:30', 3));
  });

  it('reads the words of a choice as well as its number', async () => {
    const sms = await texter({ language: 'ru' });
    await sms.send('привет');
    expect(await sms.send('записаться')).toContain('Какая услуга');
    expect(await sms.send('massage')).toContain('К кому вас записать?');
  });

  it('reads a number past the page as a time where times are asked, never as an option of another page', async () => {
    const sms = await texter();
    await sms.send('hi');
    await sms.pick('Book');
    await sms.pick('Haircut');
    await sms.pick('Specialist 2');
    await sms.send('tomorrow');
    expect(await sms.send('15')).toContain('What name');
    const held = await em().findOneOrFail(BookingSchema, { status: 'held', customer: sms.customerId });
    expect(held.startsAt.getTime()).toBe(w.at('15:00'));
  });

  it('says "not understood" and stays on the page the customer was reading', async () => {
    const sms = await texter();
    await sms.send('hi');
    await sms.pick('Book');
    await sms.pick('Haircut');
    await sms.pick('Specialist 1');
    await sms.send('wednesday');
    await sms.send('9');
    const again = await sms.send('what?');
    expect(again).toContain("didn't catch that");
    expect(again).toMatch(/^1 13:00$/mu);
  });

  it('answers a redelivered message once', async () => {
    numbers += 1;
    const chatId = `+38050${String(2000000 + numbers)}`;
    const deps = { ctx: w.ctx, translator, idleMinutes: 30 };
    const address = { businessId: w.business.id, channel: 'sms' as const, chatId };
    const input = { text: 'hi', eventKey: 'SM0001', profile: {} };
    const first = await replyToText(deps, address, input, { maxLength: 320 });
    expect(first.duplicate).toBe(false);
    expect(first.messages).toHaveLength(1);
    const again = await replyToText(deps, address, input, { maxLength: 320 });
    expect(again).toMatchObject({ duplicate: true, messages: [] });
  });

  it('takes /commands as Telegram does', async () => {
    const sms = await texter();
    await sms.send('hi');
    expect(await sms.send('/book')).toContain('Which service');
  });
});
