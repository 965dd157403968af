/**
 * Composition root: parses config, opens the database (embedded PostgreSQL unless
 * DATABASE_URL is set), seeds the demo business on first run, starts the job runner
 * and the HTTP server, and shuts everything down in order on SIGINT/SIGTERM.
 */
import path from 'node:path';
import pino from 'pino';
import { buildHttpServer } from './admin/http-server.ts';
import { describeConfigIssues, parseConfig, resolveAppSecret, type Config } from './config.ts';
import { databaseSource, isDatabaseReachable, openDatabase, type Database } from './db/database.ts';
import { EmbeddedPostgresError } from './db/embedded-postgres.ts';
import { DEMO_SLUG, seedDemoBusiness } from './db/seed/demo-business.ts';
import { startChatChannels } from './bots/chat-channels.ts';
import { ensureFirstOwner, type FirstOwnerOutcome } from './db/seed/first-owner.ts';
import { emAcrossBusinesses } from './db/tenant-scope.ts';
import { ALL_JOBS } from './jobs/all-jobs.ts';
import { startJobRunner } from './jobs/job-runner.ts';
import { nightlyBackup } from './jobs/nightly-backup.ts';
import { DEFAULT_DISPATCH_POLICY, startOutboxDispatcher } from './jobs/outbox-dispatcher.ts';

const parsed = parseConfig(process.env, process.cwd());
if (!parsed.ok) {
  process.stderr.write(`${describeConfigIssues(parsed.issues)}\n`);
  process.exit(1);
}
const config = parsed.config;
const logger = pino({ level: config.logLevel, base: { service: 'bookchat' } });

try {
  await start(config);
} catch (error) {
  if (error instanceof EmbeddedPostgresError) {
    logger.fatal(error.message);
    process.stderr.write(`\nCannot start: ${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'start-up failed');
  }
  process.exit(1);
}

async function start(config: Config): Promise<void> {
  const appSecret = await resolveAppSecret(config);
  const database = await openDatabase(databaseSource(config), logger);
  try {
    await serve(config, database, appSecret);
  } catch (error) {
    // Never leave an embedded server running behind a failed start.
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function serve(config: Config, database: Database, appSecret: string): Promise<void> {
  const { owner, demoCreated } = await emAcrossBusinesses(database.orm).transactional(async (em) => {
    const demo = config.seedDemo ? await seedDemoBusiness(em) : undefined;
    const owner = await ensureFirstOwner(em, config.admin, demo?.business, config.dataDir);
    return { owner, demoCreated: demo?.created ?? false };
  });
  if (demoCreated) logger.info('demo business created (slug "demo")');

  const jobs = await startJobRunner({
    databaseUrl: database.url,
    mongoUrl: config.jobsMongoUrl,
    ctx: { orm: database.orm, now: () => Date.now() },
    logger: logger.child({ component: 'jobs' }),
    jobs: [...ALL_JOBS, nightlyBackup({ databaseUrl: database.url, dir: path.join(config.dataDir, 'backups'), retention: config.backupRetention })],
  });
  const ctx = { orm: database.orm, now: () => Date.now() };
  const channels = await startChatChannels(ctx, logger, { appSecret, publicUrl: config.publicUrl, telegram: config.telegram, preferredBusinessSlug: DEMO_SLUG });
  // Deliveries for a channel with no connected bot wait until one is connected.
  const dispatcher = startOutboxDispatcher({
    ctx,
    logger: logger.child({ component: 'outbox' }),
    senders: channels.senders,
    policy: { ...DEFAULT_DISPATCH_POLICY, leaseMs: config.outboxLeaseMs },
  });
  const server = buildHttpServer({
    logger,
    isDatabaseReachable: () => isDatabaseReachable(database.orm),
    ...(channels.telegramWebhook ? { telegramWebhook: channels.telegramWebhook } : {}),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await server.close();
      await channels.stop();
      await dispatcher.stop();
      await jobs.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  await server.listen({ port: config.port, host: config.host });
  process.stdout.write(banner(config, database.kind, owner, channels.bannerLines));
}

function banner(config: Config, databaseKind: string, owner: FirstOwnerOutcome, channelLines: string[]): string {
  const lines = [
    '',
    `BookChat is running at ${config.publicUrl} (listening on ${config.host}:${config.port})`,
    `Database: ${databaseKind === 'embedded' ? `embedded PostgreSQL, data in ${config.dataDir}/pg` : 'DATABASE_URL'}`,
  ];
  if (owner.kind === 'created') {
    lines.push(`Owner login: ${owner.email} / ${owner.password}${owner.generated ? `  (generated; also saved in ${config.dataDir}/first-owner-password)` : ''}`);
  } else if (owner.kind === 'exists') {
    lines.push(`Owner login: ${owner.email}${owner.passwordFile ? ` (password in ${owner.passwordFile})` : ''}`);
  } else {
    lines.push('No owner account yet: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create one.');
  }
  lines.push(...channelLines);
  return `${lines.join('\n')}\n\n`;
}
