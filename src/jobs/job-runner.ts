import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import pg from 'pg';
import type { Logger } from 'pino';
import type { UseCaseContext } from '../app/use-case-context.ts';
import type { JobDefinition } from './job-definition.ts';

/** Where and how the job runner works. */
export interface JobRunnerOptions {
  databaseUrl: string;
  ctx: UseCaseContext;
  logger: Logger;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of jobs with different payloads
  jobs: readonly JobDefinition<any>[];
  /** How often to look for due jobs (LISTEN/NOTIFY wakes it sooner). */
  processEvery?: string | number;
  /** Identifies this process in the job table (`last_modified_by`). */
  name?: string;
}

/** A started job runner. */
export interface JobRunner {
  agenda: Agenda;
  /** Stops taking jobs, waits (up to 30 s) for running ones to finish, releases the connections. */
  stop(): Promise<void>;
}

/**
 * Starts Agenda 6 on the service's PostgreSQL: its own small pool (one connection is
 * held by LISTEN), schema from the migration (`ensureSchema` off), every job defined
 * before `start()` so none waits a poll interval, recurring jobs scheduled once
 * (single-type rows, so several workers share them), and error handlers on the pool,
 * the notification channel and Agenda — a PostgreSQL restart is logged, not fatal.
 */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { logger } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
  pool.on('error', (error) => logger.error({ err: error }, 'job pool connection error'));
  const backend = new PostgresBackend({ pool, ensureSchema: false });
  const agenda = new Agenda({ backend, name: options.name ?? `bookchat-${process.pid}`, processEvery: options.processEvery ?? '30 seconds', defaultLockLifetime: 10 * 60_000 });
  agenda.on('error', (error) => logger.error({ err: error }, 'job scheduler error'));
  agenda.on('fail', (error, job) => logger.error({ err: error, job: job.attrs.name }, 'job failed'));

  for (const job of options.jobs) {
    agenda.define(
      job.name,
      async (run) => {
        const payload = job.payload.safeParse(run.attrs.data ?? {});
        if (!payload.success) {
          logger.error({ job: job.name, issues: payload.error.issues }, 'job payload rejected');
          return;
        }
        await job.handle(payload.data, { ctx: options.ctx, logger: logger.child({ job: job.name }) });
      },
      job.lockLifetimeMs ? { lockLifetime: job.lockLifetimeMs } : {},
    );
  }
  await agenda.start();
  backend.notificationChannel?.on('error', (error: Error) => logger.error({ err: error }, 'job notification channel error'));
  for (const job of options.jobs) {
    if (job.every === undefined) continue;
    // Re-declaring an unchanged schedule would push a due run (a restart at 03:00:10
    // would skip that night's backup), so only a new or changed interval is saved.
    const existing = await pool.query('select 1 from agenda_jobs where name = $1 and type = $2 and repeat_interval = $3', [job.name, 'single', String(job.every)]);
    if (existing.rowCount === 0) await agenda.every(job.every, job.name, {});
  }

  return {
    agenda,
    async stop() {
      const result = await agenda.drain(30_000);
      if (result.timedOut) logger.warn({ running: result.running }, 'jobs still running at shutdown; they will be retried after their lock lifetime');
      await pool.end();
    },
  };
}
