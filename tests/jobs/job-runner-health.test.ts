import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { postgresConversationStore } from '../../src/bots/engine/postgres-conversation-store.ts';
import { readBacklog } from '../../src/jobs/backlog.ts';
import type { JobDefinition } from '../../src/jobs/job-definition.ts';
import { startJobRunner } from '../../src/jobs/job-runner.ts';
import { createRedactingLogger } from '../../src/redacting-logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe('the job runner as /ready and /metrics see it', () => {
  it('reports its polls, and every line a job run writes carries the job and its run id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const logger = createRedactingLogger({ level: 'info' }, sink);
    const ran: string[] = [];
    const job: JobDefinition<Record<string, never>> = {
      name: 'test.say-hello',
      payload: z.object({}).strict(),
      async handle(_payload, deps) {
        ran.push('hello');
        deps.logger.info('hello from a job');
      },
    };
    const ctx = { orm: db.orm, now: () => Date.now(), conversations: postgresConversationStore(db.orm) };
    const runner = await startJobRunner({ databaseUrl: db.url, ctx, logger, jobs: [job], processEvery: 60_000 });
    try {
      const scheduled = await runner.agenda.now(job.name, {});
      await vi.waitFor(() => expect(ran).toEqual(['hello']), { timeout: 10_000 });
      const health = runner.health();
      expect(health).toMatchObject({ running: true, pollEveryMs: 60_000 });
      expect(health.lastPollAt).not.toBeNull();
      const line = lines.find((l) => l['msg'] === 'hello from a job');
      expect(line).toMatchObject({ job: job.name, jobId: String(scheduled.attrs._id) });
    } finally {
      await runner.stop();
    }
    expect(runner.health().running).toBe(false);
  });

  it('reads the job lag: how overdue the oldest due job is that no worker has locked', async () => {
    const now = Date.parse('2031-03-03T10:00:00Z');
    await db.orm.em.getConnection().execute(
      `insert into agenda_jobs (name, next_run_at, locked_at) values ('test.overdue', ?, null), ('test.locked', ?, ?), ('test.later', ?, null)`,
      [new Date(now - 90_000), new Date(now - 600_000), new Date(now - 1000), new Date(now + 60_000)],
    );
    const backlog = await readBacklog({ orm: db.orm, now: () => now });
    expect(backlog.jobLagSeconds).toBe(90);
    expect(backlog).toMatchObject({ outboxPendingMessages: 0, outboxPendingDeliveries: 0, oldestPendingSeconds: 0 });
  });
});
