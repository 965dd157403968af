// Dispatch benchmark: `node bench/dispatch/run.ts` (also run by `npm run bench`).
// 10,000 reminders due at once, delivered through the outbox dispatcher to a local
// HTTP chat API: (1) with channel limits lifted — the ceiling of our own code; (2) with
// Telegram's limits on (30 messages/s per bot, 1 per second per chat) for a sample,
// where the rate should sit at the limit. Duplicates are counted in both.
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import pino from 'pino';
import { BusinessSchema } from '../../src/db/entities/index.ts';
import type { ChannelSender } from '../../src/app/notifications/channel-sender.ts';
import { dispatchRound, DEFAULT_DISPATCH_POLICY } from '../../src/jobs/outbox-dispatcher.ts';
import { SendRateLimiter } from '../../src/jobs/send-rate-limiter.ts';
import type { UseCaseContext } from '../../src/app/shared/use-case-context.ts';
import { FakeChatApi, httpSender } from '../../tests/support/fake-chat-api.ts';
import { openBenchDatabase } from '../support/bench-database.ts';
import { record } from '../support/bench-results.ts';

const MESSAGES = 10_000;
const CHATS = 2_000;
const LIMITED_SAMPLE = 450;
const TELEGRAM = { perSecond: 30, perChatIntervalMs: 1000 };

const db = await openBenchDatabase(10);
const api = new FakeChatApi();
await api.start();
console.log(`bench/dispatch — Node ${process.version}, ${db.label}`);
try {
  const ctx: UseCaseContext = { orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) };
  const lifted = await measure(ctx, 'lifted', MESSAGES, httpSender(api, { perSecond: 1e9, perChatIntervalMs: 0 }));
  const limited = await measure(ctx, 'telegram', LIMITED_SAMPLE, httpSender(api, TELEGRAM));
  console.log('');
  console.log(`${'scenario'.padEnd(36)} | messages | seconds | messages/s | duplicates`);
  console.log(`${'-'.repeat(37)}|----------|---------|------------|-----------`);
  for (const r of [lifted, limited]) {
    console.log(`${r.label.padEnd(36)} | ${String(r.count).padStart(8)} | ${r.seconds.toFixed(1).padStart(7)} | ${r.rate.toFixed(0).padStart(10)} | ${r.duplicates}`);
  }
  console.log(`Telegram limit: ${TELEGRAM.perSecond}/s — measured ${limited.rate.toFixed(1)}/s (${((limited.rate / TELEGRAM.perSecond) * 100).toFixed(0)} % of the limit)`);
  const limit = { name: "Telegram's limit per bot", value: TELEGRAM.perSecond, unit: 'messages/s' };
  record({ bench: 'dispatch', figure: `${lifted.label}, ${lifted.count} reminders`, value: lifted.rate, unit: 'messages/s', reference: limit });
  record({ bench: 'dispatch', figure: `${limited.label}, ${limited.count} reminders`, value: limited.rate, unit: 'messages/s', reference: limit, target: 'at the limit' });
  const duplicates = lifted.duplicates + limited.duplicates;
  record({ bench: 'dispatch', figure: 'duplicate sends, both runs', value: duplicates, unit: 'messages', reference: { name: 'messages sent', value: lifted.count + limited.count, unit: 'messages' }, target: 'zero duplicates', met: duplicates === 0 });
} finally {
  await api.stop();
  await db.close();
}

/** Queues `count` due reminders for one business over CHATS customers, then dispatches until all are sent. */
async function measure(ctx: UseCaseContext, tag: string, count: number, sender: ChannelSender) {
  const em = db.orm.em.fork();
  const business = em.create(BusinessSchema, { slug: `dispatch-${tag}`, name: tag, timeZone: 'UTC', currency: 'EUR' });
  await em.flush();
  const connection = db.orm.em.getConnection();
  const chats = Math.min(CHATS, count);
  await connection.execute(
    `insert into customer (id, business_id, name, created_at) select gen_random_uuid(), ?, 'C' || n, now() from generate_series(1, ?) n`,
    [business.id, chats],
  );
  await connection.execute(
    `insert into channel_identity (id, business_id, channel, external_id, customer_id, created_at)
     select gen_random_uuid(), c.business_id, 'telegram', '${tag}-' || c.name, c.id, now() from customer c where c.business_id = ?`,
    [business.id],
  );
  await connection.execute(
    `insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)
     select gen_random_uuid(), ?, 'booking.reminder', 'booking', n::text, jsonb_build_object('customerId', c.id, 'offsetMinutes', 120), '${tag}-' || n, 'pending', 0, now(), now()
       from generate_series(1, ?) n join lateral (select id from customer where business_id = ? order by name offset (n % ?) limit 1) c on true`,
    [business.id, count, business.id, chats],
  );
  const before = api.received.length;
  const limiter = new SendRateLimiter();
  const senders = new Map([['telegram', sender]]);
  const policy = { ...DEFAULT_DISPATCH_POLICY, batch: 500 };
  const t0 = performance.now();
  while (api.received.length - before < count) {
    const round = await dispatchRound({ ctx, logger: pino({ level: 'silent' }), senders, limiter, policy });
    if (round.fannedOut + round.sent + round.retried === 0) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const sent = api.received.slice(before);
  const duplicates = sent.length - new Set(sent.map((m) => m.deliveryId)).size;
  const label = tag === 'lifted' ? 'limits lifted (our ceiling)' : `Telegram limits (${TELEGRAM.perSecond}/s, 1/s per chat)`;
  return { label, count: sent.length, seconds, rate: sent.length / seconds, duplicates };
}
