import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFaultWorld, type FaultWorld } from '../support/fault-world.ts';
import { until } from '../support/wait-until.ts';

// The worker SIGKILLed while it sends a backlog of booking confirmations (made through
// a web process's REST API): a new worker sends everything that was not sent, and a
// customer gets a message twice only when it was in flight at the kill — the
// at-least-once window docs/deploy.md states (Telegram has no idempotency key).
const BOOKINGS = 60;
const FIRST_CHAT = 630_000;
const LEASE_SECONDS = 2;

let f: FaultWorld;

beforeAll(async () => {
  // Each send takes a moment, so the kill lands while one is in flight.
  f = await makeFaultWorld({ sendDelayMs: 20, env: { OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS) } });
});

afterAll(async () => {
  await f?.stop();
});

describe('the worker SIGKILLed mid-dispatch', () => {
  it('loses nothing after a restart, and re-sends at most what was in flight', async () => {
    const businessId = f.world.business.id;
    const customers = await f.telegramCustomers(BOOKINGS, FIRST_CHAT);
    const [key] = await f.apiKeys(1);
    const web = await f.processes.start('web');
    // Two specialists, two times a day, over the coming weeks: every booking confirmed at once.
    for (const [i, { customerId }] of customers.entries()) {
      const startsAt = f.world.at(i % 4 < 2 ? '10:00' : '14:00', 2 + Math.floor(i / 4));
      const response = await fetch(`${web.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customerId, serviceId: f.world.haircut.id, staffId: f.world.staff[i % 2]!.id, startsAt }),
      });
      expect(response.status).toBe(201);
    }
    const chats = customers.map((c) => String(c.chatId));
    const messagesTo = (chatId: string) => f.api.sent.filter((m) => m.chatId === chatId).length;

    const first = await f.processes.start('worker');
    // Telegram's pace spreads the backlog over seconds: the kill lands partway, mid-send.
    await until(() => chats.filter((c) => messagesTo(c) > 0).length >= 15, 'the first confirmations', 60_000, 5);
    await f.processes.kill(first);
    const beforeRestart = chats.filter((c) => messagesTo(c) > 0).length;
    expect(beforeRestart).toBeLessThan(BOOKINGS);

    await f.processes.start('worker');
    const waiting = () =>
      f.sql<{ n: number }>(
        `select (select count(*) from outbox_delivery where business_id = ? and status <> 'sent') + (select count(*) from outbox_message where business_id = ? and status = 'pending') as n`,
        [businessId, businessId],
      );
    await until(async () => Number((await waiting())[0]?.n) === 0, 'everything in the outbox sent', 120_000, 100);

    // Every delivery reached its chat (nothing lost), and only the one in flight at the
    // kill may have gone twice: one worker sends one message at a time.
    const deliveries = await f.sql<{ chat_id: string; n: number }>(`select chat_id, count(*)::int as n from outbox_delivery where business_id = ? and channel = 'telegram' group by chat_id`, [businessId]);
    const recorded = new Map(deliveries.map((d) => [d.chat_id, d.n]));
    expect(chats.filter((c) => !recorded.has(c))).toEqual([]);
    expect(chats.filter((c) => messagesTo(c) < recorded.get(c)!)).toEqual([]);
    const duplicates = chats.reduce((sum, c) => sum + messagesTo(c) - recorded.get(c)!, 0);
    console.log(`worker kill: ${beforeRestart} chats had a message before the kill, ${duplicates} re-sent`);
    expect(duplicates).toBeLessThanOrEqual(1);
    expect(web.service.child.exitCode).toBeNull();
  });
});
