import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdExpirySweep } from '../../src/jobs/hold-expiry-sweep.ts';
import { startJobRunner } from '../../src/jobs/job-runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const ctx = () => ({ orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) });

describe('where Agenda keeps its jobs', () => {
  it('uses PostgreSQL by default and declares a recurring job once across restarts', async () => {
    for (let start = 0; start < 2; start += 1) {
      const runner = await startJobRunner({ databaseUrl: db.url, ctx: ctx(), logger: pino({ level: 'silent' }), jobs: [holdExpirySweep], processEvery: 60_000 });
      await runner.stop();
    }
    const rows = await db.orm.em.getConnection().execute(`select name, type, repeat_interval from agenda_jobs where name = ?`, [holdExpirySweep.name]);
    expect(rows).toHaveLength(1);
  });

  it('switches to MongoDB with JOBS_MONGODB_URL (no MongoDB here: it must fail on Mongo, not touch PostgreSQL)', async () => {
    const before = await db.orm.em.getConnection().execute(`select count(*)::int as n from agenda_jobs`);
    await expect(
      startJobRunner({
        databaseUrl: db.url,
        mongoUrl: 'mongodb://127.0.0.1:1/bookchat?serverSelectionTimeoutMS=300&connectTimeoutMS=300',
        ctx: ctx(),
        logger: pino({ level: 'silent' }),
        jobs: [holdExpirySweep],
      }),
    ).rejects.toThrow(/127\.0\.0\.1:1|ECONNREFUSED|Server selection/i);
    expect(await db.orm.em.getConnection().execute(`select count(*)::int as n from agenda_jobs`)).toEqual(before);
  });
});
