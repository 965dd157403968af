import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelIdentitySchema, OutboxDeliverySchema, TeamChatSchema } from '../../src/db/entities/index.ts';
import { emAcrossBusinesses, emForBusiness } from '../../src/db/tenant-scope.ts';
import { confirmBooking } from '../../src/app/booking/confirm-booking.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { listDeadDeliveries, retryDeadDeliveries } from '../../src/jobs/dead-letters.ts';
import { dispatchRound, type DispatchPolicy } from '../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../src/jobs/send-rate-limiter.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { FakeChatApi, httpSender } from '../support/fake-chat-api.ts';

let db: TestDatabase;
let w: BookingWorld;
const api = new FakeChatApi();
const owner = { kind: 'business' as const, userId: null };
const policy: DispatchPolicy = { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 10_000, leaseMs: 60_000, batch: 100 };

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 20 });
  w = await makeBookingWorld(db.orm, { customers: 4 });
  await api.start();
  const em = emForBusiness(db.orm, w.business.id);
  for (const [i, chat] of ['tg-100', 'tg-101', 'tg-102'].entries()) em.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: chat, customer: w.customers[i]! });
  em.create(TeamChatSchema, { business: w.business.id, channel: 'telegram', chatId: 'tg-team' });
  await em.flush();
});
afterAll(async () => {
  await api.stop();
  await db.drop();
});

const round = (senders = new Map([['telegram', httpSender(api)]])) =>
  dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders, limiter: new SendRateLimiter(w.ctx.now, async () => {}), policy });

describe('outbox dispatcher', () => {
  it('delivers each change once to the customer and the team chat, honouring retry_after', async () => {
    api.throttled.add('tg-100');
    const held = await holdSlot(w.ctx, w.business.id, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('10:00', 2), source: 'telegram' });
    await confirmBooking(w.ctx, w.business.id, { kind: 'customer', customerId: w.customers[0]! }, { bookingId: held.id });

    const first = await round();
    expect(first.fannedOut).toBe(2); // booking.created, booking.confirmed
    const toCustomer = () => api.received.filter((m) => m.chatId === 'tg-100').map((m) => m.topic).sort();
    expect(api.received.filter((m) => m.chatId === 'tg-team').map((m) => m.topic)).toEqual(['booking.created']);
    expect(first.retried).toBe(1); // the customer's first message met a 429
    const retried = await emAcrossBusinesses(db.orm).findOneOrFail(OutboxDeliverySchema, { status: 'pending' });
    expect(retried.nextAttemptAt.getTime()).toBe(w.clock.now() + 7000);

    expect((await round()).sent).toBe(0); // not due yet
    w.clock.advanceMinutes(1);
    await round();
    expect(toCustomer()).toEqual(['booking.confirmed', 'booking.created']);
    await round();
    expect(api.received).toHaveLength(3);
    w.clock.advanceMinutes(-1);
  });

  it('skips a customer who has no chat, and keeps channels without a sender waiting', async () => {
    const before = api.received.length;
    await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[3]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('11:00', 2) });
    const idle = await round(new Map());
    expect(idle.sent).toBe(0);
    expect(await emAcrossBusinesses(db.orm).count(OutboxDeliverySchema, { chatId: 'tg-team', status: 'pending' })).toBe(1);
    await round();
    expect(api.received.slice(before).map((m) => m.chatId)).toEqual(['tg-team']);
  });

  it('dead-letters after the last attempt, lists it, and retries on request', async () => {
    api.broken.add('tg-101');
    await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[1]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('12:00', 2) });
    for (let i = 0; i < 4; i += 1) {
      await round();
      w.clock.advanceMinutes(1);
    }
    const dead = await listDeadDeliveries(w.ctx);
    expect(dead.map((d) => [d.chat_id, d.attempts])).toEqual([
      ['tg-101', 3],
      ['tg-101', 3],
    ]);
    expect(dead[0]?.last_error).toContain('HTTP 500');
    api.broken.delete('tg-101');
    expect(await retryDeadDeliveries(w.ctx, 'all')).toBe(2);
    await round();
    expect(api.received.filter((m) => m.chatId === 'tg-101')).toHaveLength(2);
    expect(await listDeadDeliveries(w.ctx)).toEqual([]);
  });

  it('lets two workers share the queue without sending anything twice', async () => {
    const before = api.received.length;
    for (let i = 0; i < 6; i += 1) {
      await createBooking(w.ctx, w.business.id, owner, { customerId: w.customers[2]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at(`${String(9 + i).padStart(2, '0')}:00`, 4) });
    }
    await Promise.all([round(), round(), round()]);
    await Promise.all([round(), round()]);
    const sent = api.received.slice(before);
    // Per booking: created and confirmed to the customer, created to the team chat.
    expect(sent).toHaveLength(18);
    expect(new Set(sent.map((m) => m.deliveryId)).size).toBe(sent.length);
  });
});
