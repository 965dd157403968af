import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFaultWorld, type FaultWorld } from '../support/fault-world.ts';
import { serviceErrors, type RoleProcess } from '../support/role-processes.ts';
import { until } from '../support/wait-until.ts';

// Two web processes and a worker on one database, under a burst: 500 chat updates
// across 50 chats (Telegram's webhook, each chat's updates in order, alternately to
// either web process) while 200 bookings race for 50 slots through the REST API.
const CHATS = 50;
const UPDATES_PER_CHAT = 10;
const SLOTS = 50;
const RACERS_PER_SLOT = 4;
const FIRST_CHAT = 700_000;
const FIRST_RACER_CHAT = 800_000;

let f: FaultWorld;

beforeAll(async () => {
  f = await makeFaultWorld({ staff: SLOTS });
});

afterAll(async () => {
  await f?.stop();
});

interface ChatRow {
  chat_id: string;
  version: number;
  recent_events: string[];
}

const conversations = () => f.sql<ChatRow>(`select chat_id, version, recent_events from conversation where business_id = ? and channel = 'telegram'`, [f.world.business.id]);

describe('a burst on two web processes and a worker', () => {
  it('handles every update once, books no slot twice, and sends each reminder once', async () => {
    const businessId = f.world.business.id;
    // One slot per specialist, all at the same time, the day after tomorrow.
    const startsAt = f.world.at('10:00', 2);
    const racers = await f.telegramCustomers(SLOTS * RACERS_PER_SLOT, FIRST_RACER_CHAT);
    // Writes are limited per API key and process: a few integrators share the burst.
    const keys = await f.apiKeys(5);
    // The one reminder offset falls due now for that time, and stays due for the next half hour.
    const offset = Math.ceil((startsAt - Date.now()) / 60_000) + 1;
    await f.sql(`update business set reminder_offsets_minutes = ?::jsonb where id = ?`, [JSON.stringify([offset]), businessId]);

    // The web processes connect the bot (TELEGRAM_BOT_TOKEN) as they start; the worker,
    // started as the burst begins, then finds it (and sends what waited meanwhile).
    const web = await Promise.all([f.processes.start('web'), f.processes.start('web')]);
    const worker = f.processes.start('worker');

    const chatIds = Array.from({ length: CHATS }, (_, i) => FIRST_CHAT + i);
    const sentUpdates = new Map<number, number[]>(chatIds.map((id) => [id, []]));
    const webOf = (n: number): RoleProcess => web[n % 2]!;
    // Each chat's updates in order (the next after the previous one's answer), the chats at once.
    const chatBurst = Promise.all(
      chatIds.map(async (chatId, c) => {
        for (let k = 0; k < UPDATES_PER_CHAT; k += 1) {
          const update = f.updates.text(chatId, k === 0 ? '/start' : `hello ${k}`);
          sentUpdates.get(chatId)!.push(update.update_id);
          expect(await f.updates.post(webOf(c + k).url, update)).toBe(200);
        }
      }),
    );
    const race = Promise.all(
      racers.map(async ({ customerId }, i) => {
        const response = await fetch(`${webOf(i).url}/api/v1/bookings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keys[i % keys.length]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ customerId, serviceId: f.world.haircut.id, staffId: f.world.staff[i % SLOTS]!.id, startsAt }),
        });
        const body = (await response.json()) as { code?: string };
        return { status: response.status, code: body.code };
      }),
    );
    const [, answers] = await Promise.all([chatBurst, race, worker]);

    // Bookings: one winner per slot, the rest told the slot is taken; no overlap in the table.
    const outcomes = new Map<string, number>();
    for (const a of answers) outcomes.set(`${a.status} ${a.code ?? ''}`.trim(), (outcomes.get(`${a.status} ${a.code ?? ''}`.trim()) ?? 0) + 1);
    expect(Object.fromEntries(outcomes), `the web processes said:\n${web.map((p) => serviceErrors(p.service.output())).join('\n')}`).toEqual({ '201': SLOTS, '409 slot_taken': SLOTS * (RACERS_PER_SLOT - 1) });
    const overlaps = await f.sql<{ n: number }>(
      `select count(*)::int as n from booking x join booking y
          on y.business_id = x.business_id and y.staff_member_id = x.staff_member_id and y.id > x.id
         and tstzrange(y.starts_at, y.ends_at) && tstzrange(x.starts_at, x.ends_at)
       where x.business_id = ? and x.status in ('held', 'pending', 'confirmed') and y.status in ('held', 'pending', 'confirmed')`,
      [businessId],
    );
    expect(overlaps).toEqual([{ n: 0 }]);
    const booked = await f.sql<{ n: number; staff: number }>(`select count(*)::int as n, count(distinct staff_member_id)::int as staff from booking where business_id = ? and status = 'confirmed'`, [businessId]);
    expect(booked).toEqual([{ n: SLOTS, staff: SLOTS }]);

    // Updates: each chat's conversation took every one of its updates, once. A webhook is
    // answered after 2 s even when its update is still being handled: wait for the rows.
    const allHandled = async () => {
      const rows = await conversations();
      return rows.length === CHATS && rows.every((r) => r.version >= UPDATES_PER_CHAT);
    };
    await until(allHandled, 'every chat update handled', 120_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; the web processes said:\n${web.map((p) => serviceErrors(p.service.output())).join('\n')}`);
    });
    for (const row of await conversations()) {
      const expected = sentUpdates.get(Number(row.chat_id))!.map((id) => `telegram:${id}`);
      expect({ chat: row.chat_id, version: row.version, events: [...row.recent_events].sort() }).toEqual({ chat: row.chat_id, version: UPDATES_PER_CHAT, events: [...expected].sort() });
    }

    // Telegram redelivers an update it got no answer for: each chat's last one again, to
    // the other process, then a fresh one there. Handled in order per chat, the fresh one
    // comes after the repeat: the repeat changed nothing, the fresh one counted once.
    await Promise.all(
      chatIds.map(async (chatId, c) => {
        const other = webOf(c + UPDATES_PER_CHAT);
        const last = sentUpdates.get(chatId)!.at(-1)!;
        expect(await f.updates.post(other.url, { update_id: last, message: { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Guest' }, text: `hello ${UPDATES_PER_CHAT - 1}` } })).toBe(200);
        expect(await f.updates.post(other.url, f.updates.text(chatId, 'hello again'))).toBe(200);
      }),
    );
    await until(async () => (await conversations()).every((r) => r.version >= UPDATES_PER_CHAT + 1), 'the fresh updates handled', 60_000);
    expect(new Set((await conversations()).map((r) => r.version))).toEqual(new Set([UPDATES_PER_CHAT + 1]));
    // Every update was answered in its chat.
    for (const chatId of chatIds) expect(f.api.sent.filter((m) => m.chatId === String(chatId)).length).toBeGreaterThanOrEqual(UPDATES_PER_CHAT + 1);

    // Reminders: the worker's sweep queues one per booking (within a minute), the outbox sends it.
    const reminders = () =>
      f.sql<{ n: number; sent: number }>(
        `select count(*)::int as n, count(*) filter (where d.status = 'sent')::int as sent
           from outbox_message m join outbox_delivery d on d.message_id = m.id
          where m.business_id = ? and m.topic = 'booking.reminder'`,
        [businessId],
      );
    await until(async () => (await reminders())[0]?.sent === SLOTS, 'every reminder sent', 150_000, 250);
    // Everything meant for the racers has gone out (confirmations and reminders)…
    await until(async () => (await f.sql<{ n: number }>(`select count(*)::int as n from outbox_delivery where business_id = ? and status <> 'sent'`, [businessId]))[0]?.n === 0, 'every delivery sent', 60_000, 250);
    const reminded = await f.sql<{ chat_id: string; n: number }>(
      `select d.chat_id, count(*)::int as n from outbox_message m join outbox_delivery d on d.message_id = m.id
        where m.business_id = ? and m.topic = 'booking.reminder' group by d.chat_id`,
      [businessId],
    );
    expect(reminded).toHaveLength(SLOTS);
    expect(reminded.every((r) => r.n === 1)).toBe(true);
    // …and each was sent to Telegram once: as many messages in each racer's chat as
    // deliveries recorded for it, and nothing to those who lost the race.
    const deliveries = await f.sql<{ chat_id: string; n: number }>(`select chat_id, count(*)::int as n from outbox_delivery where business_id = ? and channel = 'telegram' group by chat_id`, [businessId]);
    const perChat = new Map(deliveries.map((d) => [d.chat_id, d.n]));
    for (const { chatId } of racers) {
      expect({ chatId, messages: f.api.sent.filter((m) => m.chatId === String(chatId)).length }).toEqual({ chatId, messages: perChat.get(String(chatId)) ?? 0 });
    }
    expect(reminded.every((r) => perChat.has(r.chat_id))).toBe(true);
    for (const p of f.processes.all()) expect(p.service.child.exitCode).toBeNull();
  });
});

