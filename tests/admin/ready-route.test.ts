import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import { jobRunnerCheck, migrationsCheck } from '../../src/admin/readiness-checks.ts';
import { migrationStatus } from '../../src/db/migration-status.ts';
import { MIGRATIONS } from '../../src/db/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const silent = pino({ level: 'silent' });

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe('GET /ready', () => {
  it('is ready when the database answers, and tells how the bots stand without naming them', async () => {
    const bots = { connected: 2, connecting: 1, failing: 1 };
    const app = buildHttpServer({ logger: silent, isDatabaseReachable: async () => true, channelReadiness: () => bots });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: 'ok', bots: { connected: 2, connecting: 1, failing: 1 }, checks: [{ name: 'database', ok: true, required: true }] });
    await app.close();
  });

  it('is not ready without the database, and asks no other check then', async () => {
    let asked = 0;
    const check = { name: 'migrations', required: true, run: async () => (asked++, { ok: true }) };
    const app = buildHttpServer({ logger: silent, isDatabaseReachable: async () => false, readinessChecks: [check] });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'unavailable',
      database: 'unreachable',
      bots: { connected: 0, connecting: 0, failing: 0 },
      checks: [{ name: 'database', ok: false }, { name: 'migrations', ok: false, reason: 'database unreachable' }],
    });
    expect(asked).toBe(0);
    await app.close();
  });

  it('lists migrations at head, the job runner and each channel; a failing channel is shown but does not make it unready', async () => {
    let now = 1_000_000;
    const runner = { running: true, lastPollAt: now as number | null, pollEveryMs: 30_000 };
    const app = buildHttpServer({
      logger: silent,
      isDatabaseReachable: async () => true,
      readinessChecks: [migrationsCheck(() => migrationStatus(db.orm)), jobRunnerCheck(() => runner, () => now)],
      channelStates: () => [
        { id: 'telegram', connected: 1, connecting: 0, failing: 1 },
        { id: 'webchat', connected: 1, connecting: 0, failing: 0 },
      ],
    });
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual([
      { name: 'database', ok: true, required: true },
      { name: 'migrations', ok: true, required: true, head: MIGRATIONS.at(-1)!.name, pending: [] },
      { name: 'jobs', ok: true, required: true, running: true, lastPollSecondsAgo: 0 },
      { name: 'channel:telegram', ok: false, required: false, connected: 1, connecting: 0, failing: 1 },
      { name: 'channel:webchat', ok: true, required: false, connected: 1, connecting: 0, failing: 0 },
    ]);

    // Three poll intervals without a poll: the job runner is stuck, the process unready.
    now += 3 * 30_000 + 1;
    const stuck = await app.inject({ method: 'GET', url: '/ready' });
    expect(stuck.statusCode).toBe(503);
    expect(stuck.json().checks[2]).toEqual({ name: 'jobs', ok: false, required: true, running: true, lastPollSecondsAgo: 90 });
    // A stopped runner is unready however recent its last poll.
    runner.lastPollAt = now;
    runner.running = false;
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    await app.close();
  });

  it('is not ready while this build has a migration the database lacks; a newer database is shown but ready', async () => {
    const behind = await migrationStatus(db.orm, [...MIGRATIONS, { name: 'Migration29991231000000_from_the_future' }]);
    expect(behind.pending).toEqual(['Migration29991231000000_from_the_future']);
    const ahead = await migrationStatus(db.orm, MIGRATIONS.slice(0, -1));
    expect(ahead).toMatchObject({ pending: [], unknown: [MIGRATIONS.at(-1)!.name] });

    const serve = (status: typeof behind) => buildHttpServer({ logger: silent, isDatabaseReachable: async () => true, readinessChecks: [migrationsCheck(async () => status)] });
    const unready = serve(behind);
    const response = await unready.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks[1]).toMatchObject({ name: 'migrations', ok: false, pending: ['Migration29991231000000_from_the_future'] });
    await unready.close();
    const newer = serve(ahead);
    const answer = await newer.inject({ method: 'GET', url: '/ready' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().checks[1]).toMatchObject({ name: 'migrations', ok: true, newerThanThisBuild: [MIGRATIONS.at(-1)!.name] });
    await newer.close();
  });

  it('fails a check that throws, with its message', async () => {
    const app = buildHttpServer({ logger: silent, isDatabaseReachable: async () => true, readinessChecks: [{ name: 'jobs', required: true, run: async () => { throw new Error('agenda gone'); } }] });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks[1]).toEqual({ name: 'jobs', ok: false, required: true, reason: 'agenda gone' });
    await app.close();
  });
});
