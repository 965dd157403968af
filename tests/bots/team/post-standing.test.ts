import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { markNoShow } from '../../../src/app/booking/mark-no-show.ts';
import { notificationMessage } from '../../../src/bots/notification-messages.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// A booking post tells the team who is coming: a first visit, or someone who missed visits before.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 1 });
  translator = await createTranslator(await loadMessages());
});
afterAll(async () => db?.drop());

const post = async (bookingId: string, locale = 'en') => {
  const shown = await notificationMessage(w.ctx, { businessId: w.business.id, topic: 'booking.created', payload: { bookingId }, audience: 'team', locale });
  return shown!.lines.map((l) => ('raw' in l ? l.raw : translator.t(locale, l.key, l.params))).join('\n');
};

describe('who is coming, on the team post', () => {
  it('marks a new client, then one who missed a visit', async () => {
    const first = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 0) });
    expect(await post(first.id)).toContain('🆕 New client');
    w.clock.set(w.at('11:30', 0));
    await markNoShow(w.ctx, w.business.id, owner, { bookingId: first.id });
    const second = await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at('10:00', 2) });
    const text = await post(second.id, 'ru');
    expect(text).toContain('⚠️ Ранее не приходил(а): 1');
    expect(text).not.toContain('Новый клиент');
    w.clock.reset();
  });
});
