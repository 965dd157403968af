import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboxDeliverySchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import { queueDueReminders } from '../../../src/app/notifications/queue-due-reminders.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { TWILIO_FAILURES, type TwilioApiError } from '../../support/fake-twilio-api.ts';
import { REMINDER_TEMPLATE, startTwilioHarness, WHATSAPP_FROM, type TwilioHarness } from './twilio-harness.ts';

// WhatsApp Business through Twilio: free text only within 24 hours of the customer's
// last message; after that a reminder goes as the approved template, or by SMS when the
// business has no template for it, or not at all (a clear, permanent failure).
let db: TestDatabase;
let withTemplate: TwilioHarness;
let smsOnly: TwilioHarness;
let neither: TwilioHarness;
let numbers = 0;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  withTemplate = await startTwilioHarness(db, { templates: { 'booking.reminder': REMINDER_TEMPLATE } });
  smsOnly = await startTwilioHarness(db, { smsFrom: '+15005550007', whatsappFrom: '+14155238887' });
  neither = await startTwilioHarness(db, { smsFrom: null, whatsappFrom: '+14155238888' });
});
afterAll(async () => {
  for (const h of [withTemplate, smsOnly, neither]) await h?.stop();
  await db?.drop();
});
beforeEach(async () => {
  for (const h of [withTemplate, smsOnly, neither]) {
    h.w.clock.reset();
    h.fake.clearFailures();
  }
  const em = emAcrossBusinesses(db.orm);
  await em.nativeDelete(OutboxDeliverySchema, {});
  await em.nativeDelete(OutboxMessageSchema, {});
});
afterEach(() => {
  for (const h of [withTemplate, smsOnly, neither]) expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
});

const round = (h: TwilioHarness) =>
  dispatchRound({
    ctx: h.w.ctx,
    logger: pino({ level: 'silent' }),
    senders: new Map([['whatsapp', h.channels.whatsapp.sender], ['sms', h.channels.sms.sender]]),
    limiter: new SendRateLimiter(h.w.ctx.now, async () => {}),
    policy: { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 10_000, leaseMs: 600_000, batch: 100 },
  });

/**
 * A customer writes "hi" on WhatsApp today at `wroteAt` (the window opens), is booked at
 * `bookedAt` the day after tomorrow, and the clock moves to that booking's 24-hour
 * reminder (tomorrow at `bookedAt`), which is sent. The reminder is inside the window
 * when `bookedAt` is earlier in the day than `wroteAt`.
 */
async function remind(h: TwilioHarness, times: { wroteAt: string; bookedAt: string }, failFirst?: TwilioApiError): Promise<{ phone: string }> {
  numbers += 1;
  const phone = `+38068${String(5000000 + numbers).padStart(7, '0')}`;
  h.w.clock.set(h.w.at(times.wroteAt, 0));
  await h.inbound('whatsapp', phone, 'hi');
  expect(h.newTo(`whatsapp:${phone}`)).toHaveLength(1);
  const customer = await findOrCreateCustomer(h.w.ctx, h.w.business.id, { channel: 'whatsapp', externalId: phone });
  const startsAt = h.w.at(times.bookedAt, 2);
  await createBooking(h.w.ctx, h.w.business.id, owner, { customerId: customer.id, serviceId: h.w.haircut.id, staffId: h.w.staff[0]!.id, startsAt });
  await round(h);
  h.w.clock.set(startsAt - 24 * 60 * 60_000);
  expect(await queueDueReminders(h.w.ctx, h.w.business.id)).toBe(1);
  if (failFirst) h.fake.fail(failFirst, { to: `whatsapp:${phone}`, times: 1 });
  await round(h);
  return { phone };
}

const lastDelivery = async (phone: string) => (await emAcrossBusinesses(db.orm).find(OutboxDeliverySchema, { chatId: phone }, { orderBy: { createdAt: 'desc' }, limit: 1 }))[0];

describe('WhatsApp Business 24-hour window', () => {
  it('inside the window: the reminder goes as text on WhatsApp', async () => {
    const { phone } = await remind(withTemplate, { wroteAt: '17:00', bookedAt: '10:00' });
    const last = withTemplate.fake.sentTo(`whatsapp:${phone}`).at(-1)!;
    expect(last).toMatchObject({ from: `whatsapp:${WHATSAPP_FROM}`, contentSid: undefined });
    expect(last.body).toContain('Reminder: Haircut');
    expect(withTemplate.fake.sentTo(phone)).toEqual([]);
  });

  it('outside it: the approved template with its variables', async () => {
    const { phone } = await remind(withTemplate, { wroteAt: '08:00', bookedAt: '13:00' });
    const last = withTemplate.fake.sentTo(`whatsapp:${phone}`).at(-1)!;
    expect(last).toMatchObject({ body: undefined, contentSid: REMINDER_TEMPLATE });
    const variables: unknown = JSON.parse(last.contentVariables ?? '{}');
    expect(variables).toEqual({ '1': withTemplate.w.business.name, '2': 'Haircut', '3': 'Specialist 1', '4': expect.stringContaining('13:00') });
    expect(await lastDelivery(phone)).toMatchObject({ status: 'sent' });
  });

  it('outside it with no template: the reminder goes by SMS from the business’s SMS number', async () => {
    const { phone } = await remind(smsOnly, { wroteAt: '08:00', bookedAt: '11:00' });
    expect(smsOnly.fake.sentTo(`whatsapp:${phone}`).filter((m) => m.body?.includes('Reminder'))).toEqual([]);
    const [sms, ...more] = smsOnly.fake.sentTo(phone);
    expect(more).toEqual([]);
    expect(sms).toMatchObject({ from: '+15005550007' });
    expect(sms!.body).toContain('Reminder: Haircut');
  });

  it('outside it with neither: a permanent failure that says why', async () => {
    const { phone } = await remind(neither, { wroteAt: '08:00', bookedAt: '12:00' });
    expect(neither.fake.sentTo(`whatsapp:${phone}`).filter((m) => m.body?.includes('Reminder'))).toEqual([]);
    expect(neither.fake.sentTo(phone)).toEqual([]);
    const reminder = await lastDelivery(phone);
    expect(reminder).toMatchObject({ status: 'dead' });
    expect(reminder!.lastError).toMatch(/24-hour window.*neither an approved template for booking\.reminder nor an SMS number/);
  });

  it('Twilio answers 63016 although our clock said inside: the template after all', async () => {
    const { phone } = await remind(withTemplate, { wroteAt: '17:00', bookedAt: '15:00' }, TWILIO_FAILURES.outsideWindow);
    expect(withTemplate.fake.sentTo(`whatsapp:${phone}`).at(-1)).toMatchObject({ contentSid: REMINDER_TEMPLATE });
    expect(await lastDelivery(phone)).toMatchObject({ status: 'sent' });
  });
});
