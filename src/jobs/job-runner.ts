import { Agenda } from 'agenda';
import type { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend } from '@agendajs/postgres-backend';
import pg from 'pg';
import type { Logger } from 'pino';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';
import type { JobDefinition } from './job-definition.ts';
import { withLogContext } from '../log-context.ts';

/** Where and how the job runner works. */
export interface JobRunnerOptions {
  databaseUrl: string;
  /**
   * Keep Agenda's jobs in MongoDB instead (`JOBS_MONGODB_URL`, official
   * `@agendajs/mongo-backend`). The use cases still run on PostgreSQL; only the job
   * queue moves. PostgreSQL is the default and the tested path.
   */
  mongoUrl?: string | undefined;
  ctx: UseCaseContext;
  logger: Logger;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of jobs with different payloads
  jobs: readonly JobDefinition<any>[];
  /** How often to look for due jobs (LISTEN/NOTIFY wakes it sooner). */
  processEvery?: string | number;
  /** Identifies this process in the job table (`last_modified_by`). */
  name?: string;
}

/** How a job runner stands, for `/ready`. */
export interface JobRunnerHealth {
  /** Agenda is started and takes jobs (false once stopping). */
  running: boolean;
  /** When it last read the job table for due jobs (epoch ms; null before the first read). */
  lastPollAt: number | null;
  /** How often it reads the table when nothing wakes it sooner, in ms. */
  pollEveryMs: number;
}

/** A started job runner. */
export interface JobRunner {
  agenda: Agenda;
  health(): JobRunnerHealth;
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
  const store = options.mongoUrl ? await mongoJobStore(options.mongoUrl) : postgresJobStore(options.databaseUrl, logger);
  const agenda = new Agenda({ backend: store.backend, name: options.name ?? `bookchat-${process.pid}`, processEvery: options.processEvery ?? '30 seconds', defaultLockLifetime: 10 * 60_000 });
  agenda.on('error', (error) => logger.error({ err: error }, 'job scheduler error'));
  agenda.on('fail', (error, job) => logger.error({ err: error, job: job.attrs.name, jobId: String(job.attrs._id ?? '') }, 'job failed'));

  for (const job of options.jobs) {
    agenda.define(
      job.name,
      async (run) => {
        const payload = job.payload.safeParse(run.attrs.data ?? {});
        if (!payload.success) {
          logger.error({ job: job.name, issues: payload.error.issues }, 'job payload rejected');
          return;
        }
        // Every line the run writes, its use cases' too, names the job and this run of it.
        const jobId = String(run.attrs._id ?? '');
        await withLogContext({ job: job.name, jobId }, () => job.handle(payload.data, { ctx: options.ctx, logger: logger.child({ job: job.name }) }));
      },
      job.lockLifetimeMs ? { lockLifetime: job.lockLifetimeMs } : {},
    );
  }
  let lastPollAt: number | null = null;
  let running = false;
  // Agenda has no event for its poll: the repository call it makes for each job name is watched instead.
  const getNextJobToRun = agenda.db.getNextJobToRun.bind(agenda.db);
  agenda.db.getNextJobToRun = async (...args) => {
    const found = await getNextJobToRun(...args);
    lastPollAt = Date.now();
    return found;
  };
  await agenda.start();
  running = true;
  store.backend.notificationChannel?.on('error', (error: Error) => logger.error({ err: error }, 'job notification channel error'));
  for (const job of options.jobs) {
    if (job.every === undefined) continue;
    // Re-declaring an unchanged schedule would push a due run (a restart at 03:00:10
    // would skip that night's backup), so only a new or changed interval is saved.
    const { jobs } = await agenda.queryJobs({ name: job.name });
    if (!jobs.some((j) => j.type === 'single' && String(j.repeatInterval) === String(job.every))) await agenda.every(job.every, job.name, {});
  }

  return {
    agenda,
    health: () => ({ running: running && agenda.isActiveJobProcessor(), lastPollAt, pollEveryMs: agenda.attrs.processEvery }),
    async stop() {
      running = false;
      const result = await agenda.drain(30_000);
      if (result.timedOut) logger.warn({ running: result.running }, 'jobs still running at shutdown; they will be retried after their lock lifetime');
      await store.close();
    },
  };
}

/** Where Agenda keeps its jobs, and how to let go of it. */
interface JobStore {
  backend: PostgresBackend | MongoBackend;
  close(): Promise<void>;
}

/** The default: the service's PostgreSQL, on a small pool of its own (LISTEN holds one connection). */
function postgresJobStore(databaseUrl: string, logger: Logger): JobStore {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', (error) => logger.error({ err: error }, 'job pool connection error'));
  return { backend: new PostgresBackend({ pool, ensureSchema: false }), close: () => pool.end() };
}

/**
 * MongoDB, loaded only when asked for. We connect first ourselves: an unreachable
 * server then fails the start with the driver's message instead of leaving Agenda
 * waiting for ever.
 */
async function mongoJobStore(url: string): Promise<JobStore> {
  const [{ MongoBackend: Backend }, { MongoClient }] = await Promise.all([import('@agendajs/mongo-backend'), import('mongodb')]);
  const client = new MongoClient(url);
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { backend: new Backend({ mongo: client.db(), collection: 'agenda_jobs' }), close: () => client.close() };
}
