import { bookingDetails } from '../../../src/app/booking/booking-details.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { recordReview } from '../../../src/app/reviews/record-review.ts';
import { BookingSchema, ServiceSchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { chatDriver, type ChatDriver } from '../../support/chat-driver.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// Specialists and services in the chat: a specialist's button shows their rating and
// their soonest free time for the service, a service's description is one tap away,
// and names come in the customer's language where the business translated them.
// The world's clock starts on Monday 2031-03-03 at 08:00 in Kyiv; staff work 09:00–18:00.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
let chats = 0;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  w = await makeBookingWorld(db.orm, { customers: 2, staff: 3 });
  translator = await createTranslator(await loadMessages());
  // Specialist 1: 5 and 4 stars; Specialist 2: 5 stars; Specialist 3: no reviews yet.
  let day = 20;
  for (const [staff, rating] of [[0, 5], [0, 4], [1, 5]] as const) {
    const b = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[staff]!.id, startsAt: w.at('09:00', day) });
    w.clock.set(w.at('11:00', day));
    await recordReview(w.ctx, w.business.id, { customerId: w.customers[0]!, bookingId: b.id, rating });
    day += 1;
  }
  w.clock.reset();
  // Specialist 2 is booked out today, Specialist 3 today and tomorrow.
  for (const [staff, dayOffset] of [[1, 0], [2, 0], [2, 1]] as const) await fillDay(staff, dayOffset);
});
afterAll(async () => db.drop());
beforeEach(() => w.clock.reset());

const em = () => emForBusiness(db.orm, w.business.id);

function customer(language?: string): ChatDriver {
  chats += 1;
  return chatDriver({ ctx: w.ctx, translator, businessId: w.business.id, chatId: String(8000 + chats), name: 'Olena', ...(language ? { language } : {}) });
}

/** Blocks a specialist's whole working day with manual bookings (as the team would). */
async function fillDay(staffIndex: number, dayOffset: number): Promise<void> {
  for (let h = 9; h < 18; h += 1) {
    const startsAt = w.at(`${String(h).padStart(2, '0')}:00`, dayOffset);
    await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: w.staff[staffIndex]!.id, startsAt, source: 'admin', force: true });
  }
}

async function toServices(chat: ChatDriver): Promise<void> {
  await chat.type('hi');
  await chat.press('book');
}

describe('the specialist step', () => {
  it('shows each specialist with their rating (average and count) and their soonest free time', async () => {
    const chat = customer();
    await toServices(chat);
    await chat.press('Haircut');
    expect(chat.text()).toContain('Who would you like to see?');
    const [anyone, first, second, third, back, ...rest] = chat.labels();
    expect([anyone, back, rest]).toEqual([translator.t('en', 'chat.book.anyone'), translator.t('en', 'chat.nav.back'), []]);
    expect(first).toBe('Specialist 1 ⭐4.5 (2) · today 09:00');
    expect(second).toBe('Specialist 2 ⭐5.0 (1) · tomorrow 09:00');
    // Nobody has reviewed Specialist 3 (no stars); their first free day is Wednesday.
    expect(third).toMatch(/^Specialist 3 · \D*5\D.*09:00$/u);
    expect(third).not.toMatch(/today|tomorrow|⭐/u);
    // One a row: the labels are long.
    expect(chat.last().choices.every((row) => row.length === 1)).toBe(true);
    // The button still picks that specialist.
    await chat.press('Specialist 2');
    expect(chat.text()).toContain('Choose a day');
  });

  it('writes the rating and the day the customer\'s way', async () => {
    const chat = customer('ru');
    await toServices(chat);
    await chat.press('Haircut');
    expect(chat.labels().slice(1, 3)).toEqual(['Specialist 1 ⭐4,5 (2) · сегодня в 09:00', 'Specialist 2 ⭐5,0 (1) · завтра в 09:00']);
  });
});

describe('a service\'s description', () => {
  it('is one tap away from the service list, which stays one button per service', async () => {
    const before = customer();
    await toServices(before);
    // No service has a description yet: nothing to ask about.
    expect(before.labels().join(' | ')).not.toContain('About');

    await em().nativeUpdate(ServiceSchema, { id: w.haircut.id }, { description: 'Wash, cut and style, with a consultation first.' });
    const chat = customer();
    await toServices(chat);
    expect(chat.labels().filter((l) => l.includes('Haircut'))).toHaveLength(1);
    expect(chat.text()).not.toContain('Wash, cut');
    await chat.press('ℹ️ About the services');
    expect(chat.text()).toContain('What each service includes:');
    expect(chat.text()).toMatch(/• Haircut · .+ · .+\nWash, cut and style, with a consultation first\./u);
    // A service without a description is listed all the same.
    expect(chat.text()).toMatch(/• Yoga · .+ · .+/u);
    // Booking goes on from here, or back to the list.
    await chat.press('Back');
    expect(chat.text()).toContain('Which service');
    await chat.press('ℹ️ About');
    await chat.press('Haircut');
    expect(chat.text()).toContain('Who would you like to see?');
  });
});

describe('names in the customer\'s language', () => {
  it('shows the translated service and specialist names (and description) where the business gave them', async () => {
    await em().nativeUpdate(ServiceSchema, { id: w.haircut.id }, { translations: { kk: { name: 'Шаш қию', description: 'Жуу, қию және сәндеу.' } } });
    // A translation into the business's own language (English here) is never used: its names are the main ones.
    await em().nativeUpdate(StaffMemberSchema, { id: w.staff[0]!.id }, { translations: { kk: { name: 'Дана' }, en: { name: 'Stale name' } } });

    const kk = customer('kk');
    await toServices(kk);
    expect(kk.labels()).toContainEqual(expect.stringMatching(/^Шаш қию · /u));
    expect(kk.labels().join(' | ')).not.toContain('Haircut');
    await kk.press('ℹ️');
    expect(kk.text()).toMatch(/• Шаш қию · .+\nЖуу, қию және сәндеу\./u);
    await kk.press('Шаш қию');
    expect(kk.labels()[1]).toBe('Дана ⭐4,5 (2) · бүгін 09:00');
    // Untranslated names stay as they are.
    expect(kk.labels()[2]).toMatch(/^Specialist 2 /u);
    await kk.press('Дана');
    expect(kk.labels()[0]).toBe('⚡ Бүгін, 09:00 — Дана');

    const en = customer();
    await toServices(en);
    await en.press('Haircut');
    expect(en.labels()[1]).toBe('Specialist 1 ⭐4.5 (2) · today 09:00');
    // On through checkout: the summary, the confirmation and My bookings name them the same way.
    await kk.press('⚡');
    await kk.press('name:profile');
    await kk.type('+380 67 111 22 33');
    expect(kk.text()).toContain('Шаш қию');
    expect(kk.text()).toContain('Дана');
    expect(kk.text()).not.toContain('Haircut');
    await kk.press('ok');
    expect(kk.transcript()).toContain('Шаш қию');
    await kk.press('my');
    expect(kk.labels().join(' | ')).toContain('Шаш қию');
    // The team reads the business's own names.
    const held = await em().findOneOrFail(BookingSchema, { service: w.haircut.id, staffMember: w.staff[0]!.id, status: 'confirmed' }, { orderBy: { createdAt: 'desc' } });
    expect((await bookingDetails(w.ctx, w.business.id, held.id)).serviceName).toBe('Haircut');
  });
});
