import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { makeFaultWorld, type FaultWorld } from '../support/fault-world.ts';
import { serviceErrors } from '../support/role-processes.ts';
import { withFreePort } from '../support/free-port.ts';
import { until } from '../support/wait-until.ts';

// PostgreSQL stopped and started again while a web process takes bookings and a worker
// sends their confirmations. On a server of its own (the run's server is shared).
const CLIENTS = 4;
const KEYS = 8;
const OUTAGE_ANSWERS = 8;
const FIRST_CHAT = 640_000;
const CHAT = 650_000;
// A client that gets no answer in this long counts the request as hung.
const HUNG_MS = 30_000;

let root: string;
let pgPort: number;
let server: EmbeddedPostgres | undefined;
let f: FaultWorld | undefined;

const startServer = (port: number) => startEmbeddedPostgres({ dir: path.join(root, 'pg'), port, database: 'postgres', logger: pino({ level: 'warn' }) });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bookchat-faults-pg-'));
  await chmod(root, 0o755);
  server = await withFreePort(async (port) => {
    const started = await startServer(port);
    pgPort = port;
    return started;
  });
  f = await makeFaultWorld({ adminUrl: server.url });
});

afterAll(async () => {
  await f?.stop();
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

interface Answer {
  status: number | 'hung' | 'no connection';
  body: { id?: string; code?: string; detail?: string };
  retryAfter: string | null;
  during: 'before' | 'outage' | 'after';
}

describe('PostgreSQL restarted under load', () => {
  it('keeps every process up, answers 503 "try again" during the outage, and loses nothing it acknowledged', async () => {
    const w = f!;
    const customers = await w.telegramCustomers(400, FIRST_CHAT);
    const keys = await w.apiKeys(KEYS);
    const web = await w.processes.start('web');
    const worker = await w.processes.start('worker');

    let phase: Answer['during'] = 'before';
    let stopLoad = false;
    const answers: Answer[] = [];
    let next = 0;
    // Each request books a slot of its own: two specialists, every hour 09–17, day after day.
    const client = async () => {
      while (!stopLoad && next < customers.length) {
        const i = next++;
        const during = phase;
        const startsAt = w.world.at(`${String(9 + (Math.floor(i / 2) % 9)).padStart(2, '0')}:00`, 2 + Math.floor(i / 18));
        try {
          const response = await fetch(`${web.url}/api/v1/bookings`, {
            method: 'POST',
            headers: { authorization: `Bearer ${keys[i % KEYS]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ customerId: customers[i]!.customerId, serviceId: w.world.haircut.id, staffId: w.world.staff[i % 2]!.id, startsAt }),
            signal: AbortSignal.timeout(HUNG_MS),
          });
          answers.push({ status: response.status, body: (await response.json()) as Answer['body'], retryAfter: response.headers.get('retry-after'), during });
        } catch (error) {
          answers.push({ status: error instanceof Error && error.name === 'TimeoutError' ? 'hung' : 'no connection', body: {}, retryAfter: null, during });
        }
        // Paced like a few busy integrators, within the API's per-key limit.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));

    await until(() => answers.filter((a) => a.status === 201).length >= 8, 'bookings before the outage');
    await server!.stop();
    phase = 'outage';
    // A customer writing in the chat meanwhile is asked to try again in a moment.
    expect(await w.updates.post(web.url, w.updates.text(CHAT, 'hello'))).toBe(200);
    await until(() => w.api.sent.some((m) => m.chatId === String(CHAT) && /try again/i.test(m.text)), 'the chat told to try again');
    await until(() => answers.filter((a) => a.during === 'outage').length >= OUTAGE_ANSWERS, 'answers during the outage', 90_000);
    server = await startServer(pgPort);
    phase = 'after';
    await until(() => answers.filter((a) => a.during === 'after' && a.status === 201).length >= 8, 'bookings after the restart', 90_000);
    // And when they do, the chat answers.
    expect(await w.updates.post(web.url, w.updates.text(CHAT, 'hello'))).toBe(200);
    await until(async () => (await w.sql<{ version: number }>(`select version from conversation where chat_id = ?`, [String(CHAT)]))[0]?.version === 1, 'the chat answered after the restart');
    stopLoad = true;
    await load;

    // Nothing hung or crashed; the outage was answered "try again", everything else booked.
    expect(answers.filter((a) => a.status === 'hung' || a.status === 'no connection')).toEqual([]);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.length).toBeGreaterThanOrEqual(OUTAGE_ANSWERS - CLIENTS);
    const said = `the web process said:\n${serviceErrors(web.service.output())}`;
    for (const a of refused) {
      expect(a, said).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
      expect(a.body.detail).toMatch(/try again/i);
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    for (const p of w.processes.all()) expect(p.service.child.exitCode).toBeNull();
    expect((await fetch(`${web.url}/ready`)).status).toBe(200);
    // The worker's job runner polls again: its /ready (which checks that) comes back too.
    await until(async () => (await fetch(`${worker.url}/ready`)).status === 200, 'the worker ready again', 60_000, 500);

    // Every booking answered 201 is in the database, and its customer is told.
    const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.body.id!);
    const rows = await w.sql<{ id: string }>(`select id from booking where business_id = ? and status = 'confirmed'`, [w.world.business.id]);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(acknowledged));
    const unsent = () => w.sql<{ n: number }>(`select count(*)::int as n from outbox_delivery where business_id = ? and status <> 'sent'`, [w.world.business.id]);
    await until(async () => (await unsent())[0]?.n === 0 && new Set(w.api.sent.map((m) => m.chatId)).size >= acknowledged.length, 'every confirmation sent', 90_000, 250).catch(async (error: unknown) => {
      const outbox = await w.sql(`select status, attempts, last_error, count(*)::int as n from outbox_delivery where business_id = ? group by 1, 2, 3`, [w.world.business.id]);
      const messages = await w.sql(`select status, count(*)::int as n from outbox_message where business_id = ? group by 1`, [w.world.business.id]);
      throw new Error(`${String(error)}: deliveries ${JSON.stringify(outbox)}, messages ${JSON.stringify(messages)}; the worker said:\n${serviceErrors(worker.service.output())}`);
    });
    const told = await w.sql<{ n: number }>(`select count(distinct chat_id)::int as n from outbox_delivery where business_id = ? and status = 'sent'`, [w.world.business.id]);
    expect(told).toEqual([{ n: acknowledged.length }]);
  });
});
