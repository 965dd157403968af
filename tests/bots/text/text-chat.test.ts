import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import { replyToText, type TextReply } from '../../../src/bots/text/text-chat.ts';
import type { Channel } from '../../../src/db/entities/index.ts';
import { createTranslator, loadMessages, type Translator } from '../../../src/i18n/translator.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

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

/** A customer texting from their own number, identified by it as the adapters do. */
async function texter(options: { channel?: Channel; maxLength?: number } = {}) {
  numbers += 1;
  const phone = `+38050${String(2000000 + numbers).padStart(7, '0')}`;
  const channel = options.channel ?? 'sms';
  const address = { businessId: w.business.id, channel, chatId: phone };
  await findOrCreateCustomer(w.ctx, w.business.id, { channel, externalId: phone, phone, phoneVerified: true });
  let events = 0;
  let last: TextReply | null = null;
  return {
    phone,
    async send(text: string): Promise<string> {
      events += 1;
      last = await replyToText({ ctx: w.ctx, translator, idleMinutes: 30 }, address, { text, eventKey: `${phone}:${events}`, profile: {} }, { maxLength: options.maxLength ?? 320 });
      return last.messages.map((m) => m.text).join('\n---\n');
    },
    last: () => last,
  };
}

describe('replying to texts on a channel without buttons', () => {
  it('books over SMS by numbers without asking for the phone it came from', async () => {
    const sms = await texter();
    expect(await sms.send('hi')).toMatch(/^1 Book$/m);
    expect(await sms.send('1')).toMatch(/^1 Haircut · 1 h · /m);
    expect(await sms.send('1')).toContain('Who would you like to see?');
    expect(await sms.send('2')).toContain('Choose a day');
    const times = await sms.send('tomorrow');
    expect(times).toMatch(/^1 09:00$/m);
    expect(times).toMatch(/^9 — more$/m);
    expect(await sms.send('9')).toMatch(/^1 13:00$/m);
    expect(await sms.send('1')).toContain('What name');
    const summary = await sms.send('Taras');
    expect(summary).toContain('Please check your booking');
    expect(summary).not.toContain('phone');
    expect(await sms.send('1')).toContain("You're booked");
    const booking = await emForBusiness(db.orm, w.business.id).findOneOrFail(BookingSchema, { source: 'sms', status: 'confirmed', customer: { phone: sms.phone } });
    expect(booking.startsAt.getTime()).toBe(w.at('13:00'));
  });
});
