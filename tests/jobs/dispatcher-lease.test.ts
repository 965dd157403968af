import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/app/notifications/channel-sender.ts';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { ChannelIdentitySchema, OutboxDeliverySchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { dispatchRound } from '../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../src/jobs/send-rate-limiter.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';

// A send that could outlive the dispatcher's lease is never started: another worker
// could claim the same delivery when the lease runs out and send it a second time.
let db: TestDatabase;
let w: BookingWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 4 });
  const em = emForBusiness(db.orm, w.business.id);
  for (const [i, customer] of w.customers.entries()) em.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: `chat-${i}`, customer });
  await em.flush();
});
afterAll(async () => db.drop());

describe('dispatcher lease', () => {
  it('gives back the rest of a batch when a send could no longer finish inside the lease', async () => {
    for (const [i, customer] of w.customers.entries()) {
      await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: customer, serviceId: w.haircut.id, staffId: w.staff[0]!.id, startsAt: w.at(`${10 + i}:00`) });
    }
    const sent: string[] = [];
    // Each send takes 40 s of the clock and may take 50: with a 120 s lease, two fit.
    const slow: ChannelSender = {
      channel: 'telegram',
      limits: { perSecond: 1000, perChatIntervalMs: 0 },
      maxSendMs: 50_000,
      async send(m) {
        sent.push(m.deliveryId);
        w.clock.advanceMinutes(40 / 60);
        return { ok: true };
      },
    };
    const round = await dispatchRound({
      ctx: w.ctx,
      logger: pino({ level: 'silent' }),
      senders: new Map([['telegram', slow]]),
      limiter: new SendRateLimiter(w.ctx.now, async () => {}),
      policy: { maxAttempts: 8, baseBackoffMs: 1_000, maxBackoffMs: 60_000, leaseMs: 120_000, batch: 100 },
    });
    const all = await emForBusiness(db.orm, w.business.id).find(OutboxDeliverySchema, {});
    expect(all.length).toBeGreaterThan(2);
    expect(round.sent).toBe(2);
    expect(round.deferred).toBe(all.length - 2);
    const left = all.filter((d) => !sent.includes(d.id));
    // Given back at once, unsent, for any worker to take: not left leased until the lease runs out.
    for (const d of left) {
      expect(d.status).toBe('pending');
      expect(d.attempts).toBe(0);
      expect(d.nextAttemptAt.getTime()).toBeLessThanOrEqual(w.clock.now());
    }
  });

  it('lets deliveries for a business the channel cannot serve wait, without its pace or attempts, and gives up on them after an hour', async () => {
    const em = emForBusiness(db.orm, w.business.id);
    await em.nativeUpdate(OutboxDeliverySchema, {}, { status: 'sent' });
    await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: w.staff[1]!.id, startsAt: w.at('15:00', 2) });
    let paced = 0;
    let sent = 0;
    const limiter = { wait: async () => void (paced += 1) } as unknown as SendRateLimiter;
    const notConnected: ChannelSender = {
      channel: 'telegram',
      limits: { perSecond: 1000, perChatIntervalMs: 0 },
      maxSendMs: 1_000,
      readyFor: () => false,
      async send() {
        sent += 1;
        return { ok: false, error: 'no bot', notReadyForMs: 1_000 };
      },
    };
    const round = () => dispatchRound({ ctx: w.ctx, logger: pino({ level: 'silent' }), senders: new Map([['telegram', notConnected]]), limiter });
    const first = await round();
    expect(first.waiting).toBeGreaterThan(0);
    expect(first.sent + first.retried + first.dead + first.deferred).toBe(0);
    expect(paced).toBe(0);
    expect(sent).toBe(0);
    const pending = () => em.find(OutboxDeliverySchema, { status: 'pending' });
    expect((await pending()).every((d) => d.attempts === 0)).toBe(true);

    // An hour on, still not connected: each look now spends an attempt (ending as a dead letter, not a loop).
    w.clock.advanceMinutes(61);
    const later = await round();
    expect(later.retried).toBe(first.waiting);
    expect((await pending()).every((d) => d.attempts === 1)).toBe(true);
  });
});
