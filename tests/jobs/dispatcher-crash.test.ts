import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelIdentitySchema, CustomerSchema } from '../../src/db/entities/index.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { FakeBotApi } from '../support/fake-bot-api.ts';
import { freePort } from '../support/free-port.ts';
import { makeDataDir, startOnFreePorts, startService, type ServiceProcess } from '../support/service-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const MESSAGES = 90;
const TOKEN = '880088:AAHcrashTestTokenForTheFakeBotApi_0123';

let db: TestDatabase;
let w: BookingWorld;
let api: FakeBotApi;
let dataDir: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm, { customers: 0 });
  // Each send takes a moment, so the kill lands while a request is in flight.
  api = new FakeBotApi({ sendDelayMs: 20 });
  await api.start();
  dataDir = await makeDataDir();
});

afterAll(async () => {
  for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await api.stop();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function startWorker(): Promise<ServiceProcess> {
  const { service } = await startOnFreePorts(async () => {
    const service = startService({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      SEED_DEMO: 'false',
      APP_SECRET: 'crash-test-secret-crash-test-secret-0123456789',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_MODE: 'polling',
      OUTBOX_LEASE_SECONDS: '2',
      LOG_LEVEL: 'warn',
    });
    services.push(service);
    return { service };
  }, 'BookChat is running at');
  return service;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('outbox delivery across a crash (the service as a child process)', () => {
  it('delivers every message after a worker is SIGKILLed mid-batch, re-sending at most the one in flight', async () => {
    const em = emForBusiness(db.orm, w.business.id);
    for (let i = 0; i < MESSAGES; i += 1) {
      const customer = em.create(CustomerSchema, { business: w.business.id, name: `Guest ${i}` });
      em.create(ChannelIdentitySchema, { business: w.business.id, channel: 'telegram', externalId: String(70_000 + i), customer });
    }
    await em.flush();
    const customers = await em.find(CustomerSchema, {}, { orderBy: { name: 'asc' } });
    const connection = em.getConnection();
    for (const [i, customer] of customers.entries()) {
      const id = randomUUID();
      await connection.execute(
        `insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)
         values (?, ?, 'conversation.reply', 'customer', ?, ?::jsonb, ?, 'pending', 0, now(), now())`,
        [id, w.business.id, customer.id, JSON.stringify({ customerId: customer.id, text: `note ${i}`, staffName: '' }), `crash:${id}`],
      );
    }

    const first = await startWorker();
    // Telegram's pace (30/s) spreads the batch over seconds: kill the worker partway.
    await until(() => api.sent.length >= 25, 'the first deliveries');
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = api.sent.length;
    expect(beforeRestart).toBeLessThan(MESSAGES);

    const second = await startWorker();
    const texts = () => new Set(api.sent.map((m) => m.text.split('\n').pop()));
    await until(() => texts().size === MESSAGES, 'every message');
    await until(async () => (await connection.execute<{ n: number }[]>(`select count(*)::int as n from outbox_delivery where status <> 'sent'`))[0]?.n === 0, 'every delivery marked sent');
    // Let a late duplicate show itself if there were one.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    second.child.kill('SIGTERM');
    await second.exited;

    const perText = new Map<string, number>();
    for (const m of api.sent) perText.set(m.text, (perText.get(m.text) ?? 0) + 1);
    const duplicates = [...perText.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(`crash test: ${beforeRestart} sent before the kill, ${duplicates} re-sent`);
    expect(perText.size).toBe(MESSAGES);
    // Telegram has no idempotency key: a send the API accepted just before the kill,
    // not yet marked sent, goes again. One worker has one request in flight.
    expect(duplicates).toBeLessThanOrEqual(1);
    const deliveries = await connection.execute(`select count(*)::int as n, count(distinct chat_id)::int as chats from outbox_delivery`);
    expect(deliveries[0]).toEqual({ n: MESSAGES, chats: MESSAGES });
  });
});
