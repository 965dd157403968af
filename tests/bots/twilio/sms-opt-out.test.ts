import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerSchema, MessageOptOutSchema, OutboxDeliverySchema, OutboxMessageSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../../src/db/tenant-scope.ts';
import { createBooking } from '../../../src/app/booking/create-booking.ts';
import { findOrCreateCustomer } from '../../../src/app/customers/find-or-create-customer.ts';
import { queueDueReminders } from '../../../src/app/notifications/queue-due-reminders.ts';
import { dispatchRound } from '../../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../../src/jobs/send-rate-limiter.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { TWILIO_FAILURES } from '../../support/fake-twilio-api.ts';
import { startTwilioHarness, type TwilioHarness } from './twilio-harness.ts';

// STOP, START and HELP over SMS, and what they mean for the outbox: a number that said
// STOP gets no reminder (nor anything else) until it says START.
let db: TestDatabase;
let h: TwilioHarness;
let numbers = 0;
const owner = { kind: 'business' as const, userId: null };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 10 });
  h = await startTwilioHarness(db);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});
beforeEach(async () => {
  h.w.clock.reset();
  h.fake.clearFailures();
  const em = emAcrossBusinesses(db.orm);
  await em.nativeDelete(OutboxDeliverySchema, {});
  await em.nativeDelete(OutboxMessageSchema, {});
});
afterEach(() => expect(h.logs.filter((l) => l.level >= 50)).toEqual([]));

/** A customer known by an SMS number (as after their first text). */
async function smsCustomer(): Promise<{ phone: string; customerId: string }> {
  numbers += 1;
  const phone = `+38063${String(3000000 + numbers).padStart(7, '0')}`;
  const customer = await findOrCreateCustomer(h.w.ctx, h.w.business.id, { channel: 'sms', externalId: phone, phone, phoneVerified: true });
  return { phone, customerId: customer.id };
}

const senders = () => new Map([['sms', h.channels.sms.sender]]);
const round = () =>
  dispatchRound({
    ctx: h.w.ctx,
    logger: pino({ level: 'silent' }),
    senders: senders(),
    limiter: new SendRateLimiter(h.w.ctx.now, async () => {}),
    policy: { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 10_000, leaseMs: 600_000, batch: 100 },
  });

/** Books `time` two days out, sends what that queues, then moves the clock to the 24-hour reminder and sends it. */
async function bookAndRemind(customerId: string, time: string, phone: string): Promise<string[]> {
  await createBooking(h.w.ctx, h.w.business.id, owner, { customerId, serviceId: h.w.haircut.id, staffId: h.w.staff[0]!.id, startsAt: h.w.at(time, 2) });
  await round();
  h.newTo(phone);
  h.w.clock.set(h.w.at(time, 2) - 24 * 60 * 60_000);
  expect(await queueDueReminders(h.w.ctx, h.w.business.id)).toBe(1);
  await round();
  return h.newTo(phone);
}

const optedOut = (phone: string) => emForBusiness(db.orm, h.w.business.id).count(MessageOptOutSchema, { channel: 'sms', externalId: phone });
const deliveries = (phone: string) => emAcrossBusinesses(db.orm).find(OutboxDeliverySchema, { chatId: phone }, { orderBy: { createdAt: 'asc' } });

describe('SMS opt-out', () => {
  it('sends the reminder by SMS in two segments at most', async () => {
    const c = await smsCustomer();
    const [reminder] = await bookAndRemind(c.customerId, '10:00', c.phone);
    expect(reminder).toContain('Reminder: Haircut');
    expect(reminder).toMatch(/^1 /m);
  });

  it('STOP: confirmed once, and a due reminder is not sent; START: reminders resume', async () => {
    const c = await smsCustomer();
    expect((await h.inbound('sms', c.phone, 'STOP')).status).toBe(200);
    const [confirmation, ...more] = h.newTo(c.phone);
    expect(confirmation).toContain(`${h.w.business.name}: you are unsubscribed`);
    expect(more).toEqual([]);
    expect(await optedOut(c.phone)).toBe(1);

    expect(await bookAndRemind(c.customerId, '11:00', c.phone)).toEqual([]);
    // The dispatcher counts the skipped reminder as done: it is not retried later.
    expect((await deliveries(c.phone)).every((d) => d.status === 'sent')).toBe(true);
    // Writing anything else gets no answer either.
    await h.inbound('sms', c.phone, 'hi');
    expect(h.newTo(c.phone)).toEqual([]);

    await h.inbound('sms', c.phone, 'start');
    expect(h.newTo(c.phone)).toEqual([expect.stringContaining('subscribed again')]);
    expect(await optedOut(c.phone)).toBe(0);
    h.w.clock.reset();
    expect(await bookAndRemind(c.customerId, '15:00', c.phone)).toEqual([expect.stringContaining('Reminder: Haircut')]);
  });

  it('our own words in four languages: СТОП is answered in Russian when the customer reads Russian, ТОҚТАТУ in Kazakh', async () => {
    const ru = await smsCustomer();
    await emForBusiness(db.orm, h.w.business.id).nativeUpdate(CustomerSchema, { id: ru.customerId }, { locale: 'ru' });
    await h.inbound('sms', ru.phone, 'Стоп');
    expect(h.newTo(ru.phone)).toEqual([expect.stringContaining('вы отписались')]);
    await h.inbound('sms', ru.phone, 'СТАРТ');
    expect(h.newTo(ru.phone)).toEqual([expect.stringContaining('вы снова подписаны')]);
    const kk = await smsCustomer();
    await h.inbound('sms', kk.phone, 'тоқтату');
    expect(h.newTo(kk.phone)).toEqual([expect.stringContaining('жазылымнан шықтыңыз')]);
    expect(await optedOut(kk.phone)).toBe(1);
  });

  it("Twilio's Advanced Opt-Out (OptOutType) is recorded without a second answer", async () => {
    const c = await smsCustomer();
    await h.inbound('sms', c.phone, 'Stop', { fields: { OptOutType: 'STOP' } });
    expect(h.newTo(c.phone)).toEqual([]);
    expect(await optedOut(c.phone)).toBe(1);
    await h.inbound('sms', c.phone, 'Start', { fields: { OptOutType: 'START' } });
    expect(h.newTo(c.phone)).toEqual([]);
    expect(await optedOut(c.phone)).toBe(0);
  });

  it('HELP names the business and the words that work; START from someone who never stopped is just a chat message', async () => {
    const c = await smsCustomer();
    await h.inbound('sms', c.phone, 'help');
    expect(h.newTo(c.phone)).toEqual([`${h.w.business.name}: book, reschedule or cancel by replying here. MENU for the menu, STOP to unsubscribe.`]);
    await h.inbound('sms', c.phone, 'yes');
    const [answer] = h.newTo(c.phone);
    expect(answer).not.toContain('subscribed again');
    expect(answer).toMatch(/^1 /m);
  });

  it('Twilio refusing with 21610 (a STOP it saw before we did): recorded, the reminder not retried', async () => {
    const c = await smsCustomer();
    h.fake.fail(TWILIO_FAILURES.unsubscribed, { to: c.phone, times: 10 });
    await createBooking(h.w.ctx, h.w.business.id, owner, { customerId: c.customerId, serviceId: h.w.haircut.id, staffId: h.w.staff[1]!.id, startsAt: h.w.at('16:00', 2) });
    await round();
    expect(h.newTo(c.phone)).toEqual([]);
    expect(await optedOut(c.phone)).toBe(1);
    const [dead] = await deliveries(c.phone);
    expect(dead).toMatchObject({ status: 'dead' });
    expect(dead!.lastError).toContain('21610');
  });

  it('429 from Twilio: tried again later', async () => {
    const c = await smsCustomer();
    h.fake.fail(TWILIO_FAILURES.tooManyRequests, { to: c.phone });
    await createBooking(h.w.ctx, h.w.business.id, owner, { customerId: c.customerId, serviceId: h.w.haircut.id, staffId: h.w.staff[1]!.id, startsAt: h.w.at('12:00', 3) });
    expect(await round()).toMatchObject({ retried: 1, dead: 0 });
    h.w.clock.advanceMinutes(1);
    expect(await round()).toMatchObject({ sent: 1 });
    // Booked by the business: the customer hears "booked" and "confirmed"; the one refused went on the second round.
    expect(h.newTo(c.phone)).toHaveLength(2);
    expect(h.fake.requests.filter((r) => r.params['To'] === c.phone).map((r) => r.status)).toEqual([429, 201, 201]);
  });
});
