import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deepLinkPayload } from '../../../src/bots/engine/deep-link.ts';
import { BookingSchema, PromoCodeSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { chatDriver, type ChatDriver } from '../../support/chat-driver.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A /start link opens a service with a specialist, offers the promo code it carries with
// one tap, and its campaign is recorded on every booking the chat makes from then on.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let chats = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 6 });
  w = await makeBookingWorld(db.orm, { customers: 1 });
  translator = await createTranslator(await loadMessages());
  const e = emForBusiness(db.orm, w.business.id);
  e.create(PromoCodeSchema, { business: w.business.id, code: 'SPRING10', discountKind: 'percent', discountValue: 1000 });
  await e.flush();
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);

function customer(): ChatDriver {
  chats += 1;
  return chatDriver({ ctx: w.ctx, translator, businessId: w.business.id, chatId: String(9300 + chats), name: 'Olena' });
}
const start = (chat: ChatDriver, payload: string) => chat.send({ kind: 'command', name: 'start', arg: payload });

describe('/start links', () => {
  it('opens the service with the named specialist, offers the code with one tap, and records the campaign', async () => {
    const chat = customer();
    const specialist = w.staff[1]!;
    await start(chat, deepLinkPayload({ serviceId: w.haircut.id, staffId: specialist.id, promo: 'SPRING10', campaign: 'insta' })!);
    expect(chat.text()).toContain('Choose a day');
    await chat.press('Tue');
    await chat.press('10:00');
    await chat.press('name:profile');
    await chat.type(`+380 67 333 ${String(10 + chats)} 00`);
    expect(chat.labels()).toContain('🎟 Use SPRING10');
    await chat.press('Use SPRING10');
    expect(chat.text()).toContain('Promo code applied');
    await chat.press('ok');
    const booking = await em().findOneOrFail(BookingSchema, { status: 'confirmed', startsAt: new Date(w.at('10:00')), staffMember: specialist.id }, { populate: ['promoCode'] });
    expect(booking.staffMember.id).toBe(specialist.id);
    expect(booking.campaign).toBe('insta');
    expect(booking.promoCode?.getEntity().code).toBe('SPRING10');
    expect(booking.discountMinor).toBeGreaterThan(0);

    // A later booking in the same chat keeps the campaign; a plain /start does not wipe it.
    await start(chat, '');
    await chat.press('book');
    await chat.press('Haircut');
    await chat.press('Anyone');
    await chat.press('Wed');
    await chat.press('11:00');
    await chat.press('skip');
    await chat.press('ok');
    const second = await em().findOneOrFail(BookingSchema, { status: 'confirmed', startsAt: new Date(w.at('11:00', 2)), customer: booking.customer.id });
    expect(second.campaign).toBe('insta');
    expect(second.promoCode).toBeNull();
  });

  it('a link naming a specialist who does not do the service asks whom to see; a broken link just greets', async () => {
    const chat = customer();
    await start(chat, deepLinkPayload({ serviceId: w.haircut.id, staffId: '00000000-0000-4000-8000-000000000000' })!);
    expect(chat.text()).toContain('Who would you like to see?');
    const other = customer();
    await start(other, 'sNOT-A-REAL-LINK');
    expect(other.text()).toContain('Hello');
    expect(other.labels().join(' ')).not.toContain('Use');
  });
});
