import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, ChannelIdentitySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startTwilioHarness, SMS_FROM, type TwilioHarness } from './twilio-harness.ts';

// A customer books, reschedules and cancels by SMS: every message they send is a signed
// webhook over real HTTP, every answer goes out through the fake Twilio REST API.
let db: TestDatabase;
let h: TwilioHarness;
const CUSTOMER = '+380671234567';

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  h = await startTwilioHarness(db);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});
afterEach(() => expect(h.logs.filter((l) => l.level >= 50)).toEqual([]));

/** Texts the business and returns what came back (all replies, joined). */
async function text(body: string): Promise<string> {
  const res = await h.inbound('sms', CUSTOMER, body);
  expect(res.status).toBe(200);
  const replies = h.newTo(CUSTOMER);
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect([...reply].length).toBeLessThanOrEqual(320);
  return replies.join('\n---\n');
}

/** The number in front of the numbered line whose label contains `label`. */
function numberOf(reply: string, label: string): string {
  const line = reply.split('\n').find((l) => /^\d /.test(l) && l.toLowerCase().includes(label.toLowerCase()));
  if (!line) throw new Error(`no numbered "${label}" in:\n${reply}`);
  return line.split(' ')[0]!;
}

const bookings = () => emForBusiness(db.orm, h.w.business.id).find(BookingSchema, { source: 'sms' }, { orderBy: { createdAt: 'asc' } });

describe('booking by SMS through signed Twilio webhooks', () => {
  it('books (hi → service → specialist → day → time → name → confirm), then reschedules and cancels', async () => {
    const menu = await text('hi');
    const services = await text(numberOf(menu, 'Book'));
    const specialists = await text(numberOf(services, 'Haircut'));
    const days = await text(numberOf(specialists, 'Specialist 1'));
    expect(days).toContain('Choose a day');
    const times = await text('tomorrow');
    const name = await text(numberOf(times, '10:00'));
    expect(name).toContain('What name');
    const summary = await text('Olena');
    // SMS customers are known by the number they write from: no phone question.
    expect(summary).not.toMatch(/phone number/i);
    const done = await text(numberOf(summary, 'Confirm'));
    expect(done).toContain("You're booked");

    const [booked] = await bookings();
    expect(booked).toMatchObject({ status: 'confirmed' });
    expect(booked!.startsAt.getTime()).toBe(h.w.at('10:00'));
    // Every reply came from the business's own number.
    expect(new Set(h.fake.sentTo(CUSTOMER).map((m) => m.from))).toEqual(new Set([SMS_FROM]));
    const identity = await emForBusiness(db.orm, h.w.business.id).findOneOrFail(ChannelIdentitySchema, { channel: 'sms', externalId: CUSTOMER }, { populate: ['customer'] });
    expect(identity.customer.getEntity()).toMatchObject({ phone: CUSTOMER, phoneTrusted: true, name: 'Olena' });

    // Reschedule to 14:00 the same day.
    const mine = await text(numberOf(await text('menu'), 'My bookings'));
    const actions = await text(numberOf(mine, 'Haircut'));
    const newDays = await text(numberOf(actions, 'Reschedule'));
    const newTimes = await text(newDays.includes('Choose a day') ? 'tomorrow' : numberOf(newDays, 'tomorrow'));
    const question = await text(numberOf(newTimes, '14:00'));
    expect(question).toContain('Move Haircut from');
    expect(await text(numberOf(question, 'Yes, move it'))).toContain('Done! Your booking is moved to');
    const [rescheduled] = await bookings();
    expect(rescheduled!.startsAt.getTime()).toBe(h.w.at('14:00'));

    // Cancel it.
    const mine2 = await text(numberOf(await text('menu'), 'My bookings'));
    const actions2 = await text(numberOf(mine2, 'Haircut'));
    const asked = await text(numberOf(actions2, 'Cancel booking'));
    expect(asked).toContain('Cancel Haircut on');
    expect(await text(numberOf(asked, 'Yes, cancel'))).toContain('Your booking is cancelled.');
    const [gone] = await bookings();
    expect(gone).toMatchObject({ status: 'cancelled' });
  });
});
