import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEALTH_CACHE_MS } from '../../src/admin/health-route.ts';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { isDatabaseReachable } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => db.drop());

describe('GET /health', () => {
  it('answers 200 ok while the database answers, and 503 once it is gone', async () => {
    let now = 1_000_000;
    const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: () => isDatabaseReachable(db.orm), now: () => now });
    const ok = await app.inject({ method: 'GET', url: '/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });

    // Take the database away under the running app (its connections are terminated);
    // the next answer after the cached one has run out says so.
    await db.dropDatabaseOnly();
    now += HEALTH_CACHE_MS;
    const down = await app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable' });
    await app.close();
  });

  it('asks the database once per cache window: concurrent and repeated calls share one check', async () => {
    let now = 5_000_000;
    let checks = 0;
    let reachable = true;
    let answer: (ok: boolean) => void = () => undefined;
    const app = buildHttpServer({
      logger: pino({ level: 'silent' }),
      now: () => now,
      isDatabaseReachable: () => {
        checks += 1;
        return new Promise<boolean>((resolve) => {
          answer = resolve;
        });
      },
    });
    await app.ready();
    const get = () => app.inject({ method: 'GET', url: '/health' });

    // Twenty callers at once, while the one check is still running.
    const concurrent = Array.from({ length: 20 }, get);
    await vi.waitFor(() => expect(checks).toBe(1), { timeout: 10_000 });
    answer(reachable);
    expect((await Promise.all(concurrent)).map((r) => r.statusCode)).toEqual(Array(20).fill(200));

    // Repeated calls inside the window reuse the answer, up to its last millisecond.
    expect((await get()).statusCode).toBe(200);
    now += HEALTH_CACHE_MS - 1;
    expect((await get()).statusCode).toBe(200);
    expect(checks).toBe(1);

    // Once the window is over the next call checks again, and an "unreachable" is cached too.
    now += HEALTH_CACHE_MS;
    reachable = false;
    const next = get();
    await vi.waitFor(() => expect(checks).toBe(2), { timeout: 10_000 });
    answer(reachable);
    expect((await next).statusCode).toBe(503);
    expect((await get()).statusCode).toBe(503);
    expect(checks).toBe(2);
    await app.close();
  });

  it('counts a check that throws as unreachable, and checks again after the window', async () => {
    let now = 0;
    let checks = 0;
    const app = buildHttpServer({
      logger: pino({ level: 'silent' }),
      now: () => now,
      isDatabaseReachable: async () => {
        checks += 1;
        if (checks === 1) throw new Error('pool closed');
        return true;
      },
    });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
    now += HEALTH_CACHE_MS;
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect(checks).toBe(2);
    await app.close();
  });

  it('answers unknown routes with a JSON 404, not a stack trace', async () => {
    const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true });
    const response = await app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
    await app.close();
  });
});
