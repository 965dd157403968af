import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationMessage } from '../../src/bots/notification-messages.ts';
import { createTranslator, loadMessages, type Translator } from '../../src/i18n/translator.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The morning digest puts what still needs the team (approvals, deposits) first, apart.
let db: TestDatabase;
let w: BookingWorld;
let translator: Translator;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  translator = await createTranslator(await loadMessages());
});
afterAll(async () => db?.drop());

describe('the daily digest', () => {
  it('lists pending bookings apart, first, with their specialist; the settled day per specialist after', async () => {
    const at = (time: string) => new Date(w.at(time, 0)).toISOString();
    const payload = {
      date: '2031-03-03',
      staff: [
        { name: 'Specialist 1', bookings: [{ startsAt: at('10:00'), service: 'Haircut', customer: 'Olena', status: 'confirmed' }, { startsAt: at('12:00'), service: 'Massage', customer: 'Taras', status: 'pending' }] },
        { name: 'Specialist 2', bookings: [{ startsAt: at('11:00'), service: 'Yoga', customer: 'Dana', status: 'confirmed' }] },
      ],
    };
    const shown = await notificationMessage(w.ctx, { businessId: w.business.id, topic: 'business.daily_digest', payload, audience: 'team', locale: 'en' });
    const text = shown!.lines.map((l) => ('raw' in l ? l.raw : translator.t('en', l.key, l.params))).join('\n');
    const waiting = text.indexOf('Waiting for you');
    expect(waiting).toBeGreaterThan(0);
    expect(text.indexOf('• 12:00 Massage — Taras (Specialist 1)')).toBeGreaterThan(waiting);
    expect(text.indexOf('\nSpecialist 1')).toBeGreaterThan(text.indexOf('Taras'));
    expect(text).toContain('• 10:00 Haircut — Olena');
    expect(text.match(/Taras/g)).toHaveLength(1);
  });
});
