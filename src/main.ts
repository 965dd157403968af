/**
 * Composition root: parses config, opens the database (embedded PostgreSQL unless
 * DATABASE_URL is set), seeds the demo business on first run, starts the job runner
 * and the HTTP server, and shuts everything down in order on SIGINT/SIGTERM (and, under
 * npm, when npm is gone).
 */
import { buildHttpServer } from './admin/http-server.ts';
import { webChatUrl } from './admin/webchat/web-chat-url.ts';
import { emailSender } from './bots/email/email-sender.ts';
import { emailBounceReports } from './bots/email/bounce-reports.ts';
import { smtpMailer } from './admin/panel/smtp-mailer.ts';
import { describeConfigIssues, parseConfig, resolveAppSecret, type Config } from './config.ts';
import { databaseSource, isDatabaseReachable, openDatabase, type Database } from './db/database.ts';
import { EmbeddedPostgresError } from './db/embedded-postgres-error.ts';
import { DEMO_SLUG, seedDemoBusiness } from './db/seed/demo-business.ts';
import { startChatChannels } from './bots/chat-channels.ts';
import { startPayments } from './payments/start-payments.ts';
import { paymentSetup } from './payments/payment-setup.ts';
import type { UseCaseContext } from './app/shared/use-case-context.ts';
import { availabilityCache } from './app/availability/availability-cache.ts';
import { postgresConversationStore } from './bots/engine/postgres-conversation-store.ts';
import { ensureFirstOwner, type FirstOwnerOutcome } from './db/seed/first-owner.ts';
import { emAcrossBusinesses } from './db/tenant-scope.ts';
import { ALL_JOBS } from './jobs/all-jobs.ts';
import { startJobRunner } from './jobs/job-runner.ts';
import { nightlyBackup } from './jobs/nightly-backup.ts';
import { DEFAULT_DISPATCH_POLICY, startOutboxDispatcher } from './jobs/outbox-dispatcher.ts';
import { webhookDeliveryJob } from './jobs/webhook-delivery-job.ts';
import { calendarPullJob, calendarPushJob } from './jobs/calendar-sync-job.ts';
import { googleCalendarProvider } from './calendar/google-calendar-provider.ts';
import { outlookCalendarProvider } from './calendar/outlook-calendar-provider.ts';
import { createRedactingLogger } from './redacting-logger.ts';
import { createTranslator, loadMessages } from './i18n/translator.ts';
import { listenForStopRequest, type StopRequest } from './stop-request.ts';
import { createPrometheusMetrics } from './admin/metrics/prometheus-metrics.ts';
import { jobRunnerCheck, migrationsCheck } from './admin/readiness-checks.ts';
import { readBacklog } from './jobs/backlog.ts';
import { migrationStatus } from './db/migration-status.ts';
import { receivesTelegramUpdates, ROLE_SUMMARIES, roleParts } from './process-role.ts';
import { acquireSessionAdvisoryLock } from './db/session-advisory-lock.ts';
import { diskFileStore } from './files/disk-file-store.ts';
import { s3FileStore } from './files/s3-file-store.ts';
import { channelAccountsNotice } from './db/channel-accounts-notice.ts';

const parsed = parseConfig(process.env, process.cwd(), process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`${describeConfigIssues(parsed.issues)}\n`);
  process.exit(1);
}
const config = parsed.config;
const logger = createRedactingLogger({ level: config.logLevel, base: { service: 'bookchat' } });
// Listening before anything starts, so a stop requested during start-up stops what has
// started by then. npm sets npm_lifecycle_event; under systemd or docker there is no npm.
const stopRequest = listenForStopRequest({ watchParent: process.env['npm_lifecycle_event'] !== undefined });

let stop: () => Promise<void>;
try {
  stop = await start(config, stopRequest);
} catch (error) {
  if (error instanceof EmbeddedPostgresError) {
    logger.fatal(error.message);
    process.stderr.write(`\nCannot start: ${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'start-up failed');
  }
  process.exit(1);
}
logger.info({ signal: await stopRequest.requested }, 'shutting down');
try {
  await stop();
  logger.info('stopped');
  process.exit(0);
} catch (error) {
  logger.error({ err: error }, 'shutdown failed');
  process.exit(1);
}

/** Starts the service; resolves with what stops it again, in order. */
async function start(config: Config, stopRequest: StopRequest): Promise<() => Promise<void>> {
  const appSecret = await resolveAppSecret(config);
  const database = await openDatabase(databaseSource(config), logger);
  // Asked to stop while the database opened (the slow part): start nothing more.
  if (stopRequest.reason !== undefined) return () => database.close();
  try {
    return await serve(config, database, appSecret);
  } catch (error) {
    // Never leave an embedded server running behind a failed start.
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function serve(config: Config, database: Database, appSecret: string): Promise<() => Promise<void>> {
  // What this process runs (ROLE): see process-role.ts.
  const parts = roleParts(config.role);
  // The first start's writes (demo, first owner, accounts from the environment) are made
  // by the processes that seed, one at a time: two web processes started together on a
  // fresh database would otherwise both create the demo.
  const firstStart = parts.seed ? await acquireSessionAdvisoryLock(database.url, 'bookchat:first-start') : undefined;
  const seeded = parts.seed
    ? await emAcrossBusinesses(database.orm).transactional(async (em) => {
        const demo = config.seedDemo ? await seedDemoBusiness(em) : undefined;
        const owner = await ensureFirstOwner(em, config.admin, demo?.business, config.dataDir);
        return { owner, demoCreated: demo?.created ?? false, demoSlug: demo?.business.slug };
      }).catch(async (error: unknown) => {
        await firstStart?.release();
        throw error;
      })
    : undefined;
  const { owner, demoCreated, demoSlug } = seeded ?? { owner: undefined, demoCreated: false, demoSlug: undefined };
  if (demoCreated) logger.info('demo business created (slug "demo")');

  // One context for every use case: the database, the clock and where chats live.
  // Free slots are answered again while nothing they depend on changed (availability-cache.ts).
  const ctx: UseCaseContext = { orm: database.orm, now: () => Date.now(), conversations: postgresConversationStore(database.orm), availabilityCache: availabilityCache(), scheduleFacts: availabilityCache() };
  // What /metrics shows (with METRICS_TOKEN): counters the use cases, chats and edges bump, and the backlog read per scrape.
  const prometheus = createPrometheusMetrics({ backlog: () => readBacklog(ctx), processMetrics: true });
  ctx.metrics = prometheus.metrics;
  // Files that are not rows: backups in DATA_DIR/backups, or (S3_URL) backups and uploads
  // in one bucket that every process on every machine reaches; uploads otherwise stay in PostgreSQL.
  const s3 = config.s3 ? s3FileStore(config.s3) : undefined;
  const files = s3 ?? diskFileStore(config.dataDir);
  if (s3) ctx.uploads = s3;
  // Secrets sealed under the previous APP_SECRET still open during a rotation.
  const appSecrets = { current: appSecret, previous: config.appSecretPrevious };
  const webhooks = { secrets: appSecrets, allowPrivateUrls: config.webhooksAllowPrivateUrls };
  // Calendar sync runs only with a provider set up (GOOGLE_CLIENT_ID/SECRET, MS_CLIENT_ID/SECRET).
  const calendarSync = {
    secrets: appSecrets,
    providers: { ...(config.google ? { google: googleCalendarProvider(config.google) } : {}), ...(config.outlook ? { outlook: outlookCalendarProvider(config.outlook) } : {}) },
  };
  const calendarJobs = config.google || config.outlook ? [calendarPushJob(calendarSync), calendarPullJob(calendarSync)] : [];
  // How money is taken: every use case (the chats' deposit step) reads it from the context.
  const payments = await startPayments(ctx, logger.child({ component: 'payments' }), {
    appSecret: appSecrets,
    publicUrl: config.publicUrl,
    // Accounts from the environment are connected by the seeding processes only (under the lock).
    stripe: parts.seed ? config.stripe : { ...(config.stripe.apiBase ? { apiBase: config.stripe.apiBase } : {}) },
    kaspiPayLink: parts.seed ? config.kaspiPayLink : undefined,
    preferredBusinessSlug: DEMO_SLUG,
  });
  ctx.payments = payments.settings;
  // Links in messages (add to calendar) are signed, so a booking id alone opens nothing.
  ctx.links = { publicUrl: config.publicUrl, secret: appSecret, previousSecret: config.appSecretPrevious };
  // What has started so far, so a failure further on (the HTTP port taken…) stops it
  // again: a job runner or dispatcher left running would hold the database open forever.
  const started: (() => Promise<unknown>)[] = [];
  try {
    const jobs = !parts.jobs ? undefined : await startJobRunner({
      databaseUrl: database.url,
      mongoUrl: config.jobsMongoUrl,
      ctx,
      logger: logger.child({ component: 'jobs' }),
      jobs: [...ALL_JOBS, webhookDeliveryJob(webhooks), ...calendarJobs, nightlyBackup({ databaseUrl: database.adminUrl, store: files, retention: config.backupRetention, key: config.backupKey })],
    });
    if (jobs) started.push(() => jobs.stop());
    // A bot or Twilio account connected from the panel in one process reaches the others at once (LISTEN/NOTIFY).
    const accountNotice = channelAccountsNotice({ url: database.url, orm: database.orm, logger: logger.child({ component: 'channel-notice' }) });
    const channels = await startChatChannels(ctx, logger, { appSecret, announce: accountNotice.announce, previousAppSecret: config.appSecretPrevious, publicUrl: config.publicUrl, telegram: config.telegram,
      twilio: config.twilio,
      databaseUrl: database.url,
      preferredBusinessSlug: DEMO_SLUG,
      parts: { telegramUpdates: receivesTelegramUpdates(config.role, config.telegram.mode), whatsappSessions: parts.whatsappSessions, accountsFromEnv: parts.seed },
    });
    started.push(() => channels.stop());
    await accountNotice.listen((businessId) => channels.reattach(businessId));
    started.push(() => accountNotice.close());
    await firstStart?.release();
    // Reset and invitation links, and customers' notifications by e-mail, go only when SMTP_URL is set.
    const mailer = config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl, config.mail.from) : undefined;
    started.push(async () => mailer?.close());
    const translator = await createTranslator(await loadMessages());
    const senders = new Map(channels.senders);
    if (mailer) senders.set('email', emailSender({ ctx, translator, transport: mailer, bounceDomain: config.mail.bounceDomain }));
    // Deliveries for a channel with no connected bot wait until one is connected. Each
    // channel is dispatched by one role: WhatsApp where the linked numbers' sockets run,
    // the rest (and the fan-out of new messages) by the worker.
    const dispatched = new Map([...senders].filter(([name]) => (name === 'whatsapp' ? parts.whatsappOutbox : parts.outbox)));
    const dispatcher = dispatched.size === 0 ? undefined : startOutboxDispatcher({
      ctx,
      logger: logger.child({ component: 'outbox' }),
      senders: dispatched,
      fanOut: parts.outbox,
      policy: { ...DEFAULT_DISPATCH_POLICY, leaseMs: config.outboxLeaseMs },
    });
    if (dispatcher) {
      started.push(() => dispatcher.stop());
      logger.info({ channels: [...dispatched.keys()], fanOut: parts.outbox }, 'outbox dispatcher started');
    }
    const server = buildHttpServer({
      logger,
      isDatabaseReachable: () => isDatabaseReachable(database.orm),
      trustProxy: config.trustProxy,
      channelReadiness: channels.readiness,
      channelStates: () => channels.registry.all().map((channel) => ({ id: channel.id, ...channel.readiness() })),
      // Migrations at head everywhere; the job runner where this process runs jobs.
      readinessChecks: [migrationsCheck(() => migrationStatus(database.orm)), ...(jobs ? [jobRunnerCheck(() => jobs.health(), () => Date.now())] : [])],
      metrics: { prometheus, token: config.metricsToken },
      // Every role answers /health and /ready on PORT; the public routes are the web role's.
      ...(parts.http
        ? {
            webChat: { ctx, translator, appSecret, publicUrl: config.publicUrl, visitors: channels.webChatVisitors },
            bookingPage: { ctx, translator, appSecret, publicUrl: config.publicUrl, emailCodes: Boolean(config.mail.smtpUrl) },
            panel: { ctx, translator, appSecret, publicUrl: config.publicUrl, mailer, bots: channels.bots, whatsapp: channels.whatsapp, twilio: channels.twilio, webhooks, calendars: { secrets: appSecrets, sync: calendarSync }, payments: paymentSetup({ ctx, appSecret: appSecrets, publicUrl: config.publicUrl }) },
            channelRoutes: channels.routes,
            paymentWebhooks: payments.webhooks,
            customerPages: { ctx, translator },
            api: { ctx, webhooks },
            // Bounce reports posted by the mail forwarder of EMAIL_BOUNCE_DOMAIN (with EMAIL_BOUNCE_SECRET).
            ...(config.mail.bounceSecret
              ? { emailBounces: { secret: config.mail.bounceSecret, reports: emailBounceReports({ ctx, links: ctx.links, logger: logger.child({ component: 'email-bounces' }) }) } }
              : {}),
          }
        : {}),
    });
    started.push(() => server.close());
    process.on('unhandledRejection', (reason) => {
      logger.error({ err: reason }, 'unhandled promise rejection');
    });

    await server.listen({ port: config.port, host: config.host });
    process.stdout.write(banner(config, database.kind, owner, [...(demoSlug && parts.http ? [`Book in the web chat: ${webChatUrl(config.publicUrl, demoSlug)}`] : []), ...channels.bannerLines, ...payments.bannerLines, ...(config.s3 ? [`Files: backups and uploads in the S3 bucket ${config.s3.bucket} (${config.s3.endpoint})`] : [])]));
    return async () => {
      await server.close();
      await accountNotice.close();
      await channels.stop();
      await dispatcher?.stop();
      await jobs?.stop();
      mailer?.close();
      s3?.close();
      await database.close();
    };
  } catch (error) {
    await firstStart?.release();
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

function banner(config: Config, databaseKind: string, owner: FirstOwnerOutcome | undefined, channelLines: string[]): string {
  const lines = [
    '',
    `BookChat is running at ${config.publicUrl} (listening on ${config.host}:${config.port})`,
    `Database: ${databaseKind === 'embedded' ? `embedded PostgreSQL, data in ${config.dataDir}/pg` : 'DATABASE_URL'}`,
  ];
  if (config.role !== 'all') lines.push(`Role: ${config.role} (${ROLE_SUMMARIES[config.role]})`);
  // A role that does not seed (worker, channels) leaves the owner to the web processes' banner.
  if (owner?.kind === 'created') {
    // Where the password is, never the password: terminals and service logs keep it.
    lines.push(`Owner login: ${owner.email} (password: ${owner.generated ? `generated, in ${config.dataDir}/first-owner-password` : 'the ADMIN_PASSWORD you set'})`);
  } else if (owner?.kind === 'exists') {
    lines.push(`Owner login: ${owner.email}${owner.passwordFile ? ` (password in ${owner.passwordFile})` : ''}`);
  } else if (owner) {
    lines.push('No owner account yet: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create one.');
  }
  lines.push(...channelLines);
  return `${lines.join('\n')}\n\n`;
}
