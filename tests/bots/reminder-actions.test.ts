import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { notificationMessage } from '../../src/bots/notification-messages.ts';
import { BusinessSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTranslator, loadMessages, type Translator } from '../../src/i18n/translator.ts';
import { chatDriver } from '../support/chat-driver.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A reminder offers only what its moment allows: before the change cutoffs, reschedule
// and cancel; inside them (the 2-hour reminder with the default 2-hour cutoff), a message
// to a person and the business's phone — never buttons that can only answer "too late".
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1 });
  translator = await createTranslator(await loadMessages());
  await emForBusiness(db.orm, w.business.id).nativeUpdate(BusinessSchema, { id: w.business.id }, { phone: '+380 44 123 45 67' });
});
afterAll(async () => db?.drop());

async function reminder(bookingId: string, offsetMinutes: number) {
  const shown = await notificationMessage(w.ctx, { businessId: w.business.id, topic: 'booking.reminder', payload: { bookingId, offsetMinutes }, audience: 'customer', locale: 'en' });
  return { ids: shown!.choices.flat().map((c) => c.id.split(':')[0]), links: (shown!.links ?? []).map((l) => l.url) };
}

describe('reminder actions and change cutoffs', () => {
  it('the defaults agree: every default reminder offers reschedule or cancel only outside the default cutoffs', async () => {
    // A business created with nothing but its name: the columns' defaults.
    const em = emAcrossBusinesses(db.orm).fork();
    const fresh = em.create(BusinessSchema, { slug: 'defaults-only', name: 'Defaults', timeZone: 'Europe/Kyiv', currency: 'UAH' });
    await em.flush();
    em.clear();
    const defaults = await em.findOneOrFail(BusinessSchema, { id: fresh.id });
    const booking = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('12:00', 3) });
    await emForBusiness(db.orm, w.business.id).nativeUpdate(BusinessSchema, { id: w.business.id }, { cancelCutoffMinutes: defaults.cancelCutoffMinutes, rescheduleCutoffMinutes: defaults.rescheduleCutoffMinutes });
    expect(defaults.reminderOffsetsMinutes.length).toBeGreaterThan(0);
    for (const offset of defaults.reminderOffsetsMinutes) {
      const { ids, links } = await reminder(booking.id, offset);
      expect(ids).toContain('rm-ok');
      if (ids.includes('rm-move')) expect(offset).toBeGreaterThan(defaults.rescheduleCutoffMinutes);
      if (ids.includes('rm-cancel')) expect(offset).toBeGreaterThan(defaults.cancelCutoffMinutes);
      if (offset <= Math.min(defaults.cancelCutoffMinutes, defaults.rescheduleCutoffMinutes)) {
        expect(ids).toEqual(['rm-ok', 'rm-talk']);
        expect(links).toEqual(['tel:+380441234567']);
      }
    }
    // The two kinds both exist among the defaults: a day ahead to change, two hours ahead to come.
    expect(defaults.reminderOffsetsMinutes.some((o) => o > defaults.cancelCutoffMinutes)).toBe(true);
  });

  it('“Message us” on a late reminder opens a conversation with a person', async () => {
    const booking = await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('15:00', 3) });
    const chat = chatDriver({ ctx: w.ctx, translator, businessId: w.business.id, chatId: '6601', name: 'Olena' });
    await chat.type('hi');
    await chat.send({ kind: 'choice', id: `rm-talk:${booking.id}`, version: null });
    expect(chat.text()).toContain(translator.t('en', 'chat.talk.prompt'));
  });
});
