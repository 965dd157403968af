import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: () => isDatabaseReachable(db.orm) });
    const ok = await app.inject({ method: 'GET', url: '/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });

    // Take the database away under the running app (its connections are terminated).
    await db.dropDatabaseOnly();
    const down = await app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable' });
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
