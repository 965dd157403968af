import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDataDir } from './db/data-dir.ts';
import { ProcessRoleSchema, roleArgument, type ProcessRole } from './process-role.ts';
import { S3UrlSchema, type S3Location } from './files/s3-url.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

// A phone number as Twilio writes it (E.164); a WhatsApp sender may keep its `whatsapp:` prefix.
const e164 = (prefix = '') =>
  z.preprocess(
    (value) => (typeof value === 'string' && prefix && value.startsWith(prefix) ? value.slice(prefix.length) : blankToUndefined(value)),
    z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form, e.g. +15551234567').optional(),
  );

/** Address ranges proxy-addr (Fastify's `trustProxy`) knows by name. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY → Fastify's `trustProxy`: unset or `false` trusts no proxy, `true` every
 * hop, a number that many hops, otherwise a comma-separated list of proxy addresses,
 * CIDR ranges or proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`).
 */
const trustProxySchema = z.preprocess(blankToUndefined, z.string().optional()).transform((raw, ctx): boolean | number | string[] => {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 32) return hops;
    ctx.addIssue({ code: 'custom', message: 'a hop count must be between 1 and 32' });
    return z.NEVER;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length === 0) return entries;
  ctx.addIssue({ code: 'custom', message: `must be true, false, a hop count, or comma-separated IP addresses / CIDR ranges (not ${bad.map((b) => JSON.stringify(b)).join(', ')})` });
  return z.NEVER;
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
    ROLE: z.preprocess(blankToUndefined, ProcessRoleSchema.default('all')),
    PORT: port(3000),
    HOST: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    TRUST_PROXY: trustProxySchema,
    DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
    DATABASE_URL: z.preprocess(
      blankToUndefined,
      z
        .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
        .optional(),
    ),
    EMBEDDED_PG_PORT: port(5433),
    PUBLIC_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    APP_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    APP_SECRET_PREVIOUS: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    BACKUP_KEY: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    S3_URL: z.preprocess(blankToUndefined, S3UrlSchema.optional()),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ADMIN_EMAIL: z.preprocess(blankToUndefined, z.email('must be an email address').optional()),
    ADMIN_PASSWORD: z.preprocess(blankToUndefined, z.string().min(10, 'must be at least 10 characters').optional()),
    WEBHOOKS_ALLOW_PRIVATE_URLS: z.preprocess(blankToUndefined, z.enum(['true', 'false'], { error: 'must be true or false' }).default('false')),
    SEED_DEMO: z.preprocess(blankToUndefined, z.enum(['true', 'false'], { error: 'must be true or false' }).optional()),
    OUTBOX_LEASE_SECONDS: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(2, 'must be at least 2').max(3600, 'must be at most 3600').default(120),
    ),
    METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^[\x21-\x7e]{24,256}$/, 'must be 24 to 256 printable characters without spaces').optional()),
    JOBS_MONGODB_URL: z.preprocess(blankToUndefined, z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URL').optional()),
    TELEGRAM_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456789:ABC... (the token @BotFather gave)').optional()),
    TELEGRAM_MODE: z.preprocess(blankToUndefined, z.enum(['webhook', 'polling'], { error: 'must be webhook or polling' }).optional()),
    TELEGRAM_API_ROOT: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('https://api.telegram.org')),
    TWILIO_ACCOUNT_SID: z.preprocess(blankToUndefined, z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID: AC followed by 32 hex digits').optional()),
    TWILIO_AUTH_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^[0-9a-fA-F]{32}$/, "must be the account's auth token: 32 hex digits").optional()),
    TWILIO_SMS_FROM: e164(),
    TWILIO_WHATSAPP_FROM: e164('whatsapp:'),
    TWILIO_API_BASE: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    STRIPE_SECRET_KEY: z.preprocess(blankToUndefined, z.string().regex(/^(sk_(test|live)|rk_(test|live))_[A-Za-z0-9]{10,255}$/, 'must be a Stripe secret key: sk_test_…, sk_live_… or a restricted rk_… key').optional()),
    STRIPE_WEBHOOK_SECRET: z.preprocess(blankToUndefined, z.string().regex(/^whsec_[A-Za-z0-9+/=]{10,255}$/, "must be the webhook endpoint's signing secret: whsec_…").optional()),
    KASPI_PAY_LINK: z.preprocess(blankToUndefined, z.url({ protocol: /^https$/, error: 'must be the https:// Kaspi Pay link customers pay by' }).optional()),
    STRIPE_API_BASE: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    SMTP_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional()),
    MAIL_FROM: z.preprocess(blankToUndefined, z.string().trim().max(254, 'must be at most 254 characters').regex(/@/, 'must hold an email address, e.g. BookChat <no-reply@example.com>').default('BookChat <no-reply@localhost>')),
    EMAIL_BOUNCE_DOMAIN: z.preprocess(
      (value) => (typeof value === 'string' ? blankToUndefined(value.trim().toLowerCase()) : value),
      z.string().regex(/^(?=.{4,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name whose mail reaches the bounce endpoint, e.g. bounces.example.com').optional(),
    ),
    EMAIL_BOUNCE_SECRET: z.preprocess(blankToUndefined, z.string().regex(/^[\x21-\x7e]{24,256}$/, 'must be 24 to 256 printable characters without spaces').optional()),
    GOOGLE_CLIENT_ID: z.preprocess(blankToUndefined, z.string().min(10, 'must be the OAuth client id from the Google Cloud console').optional()),
    GOOGLE_CLIENT_SECRET: z.preprocess(blankToUndefined, z.string().min(10, 'must be the OAuth client secret from the Google Cloud console').optional()),
    GOOGLE_API_ROOT: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    GOOGLE_OAUTH_TOKEN_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    MS_CLIENT_ID: z.preprocess(blankToUndefined, z.string().min(10, 'must be the application (client) id of the Microsoft Entra app registration').optional()),
    MS_CLIENT_SECRET: z.preprocess(blankToUndefined, z.string().min(10, "must be a client secret's value from the Microsoft Entra app registration").optional()),
    MS_GRAPH_ROOT: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    MS_OAUTH_TOKEN_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    MS_OAUTH_AUTHORIZE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    BACKUP_RETENTION: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(365, 'must be at most 365').default(14),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.ADMIN_PASSWORD && !env.ADMIN_EMAIL) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_EMAIL'], message: 'is required when ADMIN_PASSWORD is set' });
    }
    const twilioNumber = env.TWILIO_SMS_FROM ?? env.TWILIO_WHATSAPP_FROM;
    if ((env.TWILIO_ACCOUNT_SID || twilioNumber) && !env.TWILIO_AUTH_TOKEN) ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'is required with TWILIO_ACCOUNT_SID and a Twilio number' });
    if ((env.TWILIO_AUTH_TOKEN || twilioNumber) && !env.TWILIO_ACCOUNT_SID) ctx.addIssue({ code: 'custom', path: ['TWILIO_ACCOUNT_SID'], message: 'is required with TWILIO_AUTH_TOKEN and a Twilio number' });
    if ((env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN) && !twilioNumber) ctx.addIssue({ code: 'custom', path: ['TWILIO_SMS_FROM'], message: 'or TWILIO_WHATSAPP_FROM is required with a Twilio account' });
    if (env.GOOGLE_CLIENT_ID && !env.GOOGLE_CLIENT_SECRET) ctx.addIssue({ code: 'custom', path: ['GOOGLE_CLIENT_SECRET'], message: 'is required with GOOGLE_CLIENT_ID' });
    if (env.GOOGLE_CLIENT_SECRET && !env.GOOGLE_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['GOOGLE_CLIENT_ID'], message: 'is required with GOOGLE_CLIENT_SECRET' });
    if (env.MS_CLIENT_ID && !env.MS_CLIENT_SECRET) ctx.addIssue({ code: 'custom', path: ['MS_CLIENT_SECRET'], message: 'is required with MS_CLIENT_ID' });
    if (env.MS_CLIENT_SECRET && !env.MS_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['MS_CLIENT_ID'], message: 'is required with MS_CLIENT_SECRET' });
    if (env.EMAIL_BOUNCE_DOMAIN && !env.EMAIL_BOUNCE_SECRET) ctx.addIssue({ code: 'custom', path: ['EMAIL_BOUNCE_SECRET'], message: 'is required with EMAIL_BOUNCE_DOMAIN (the bounce reports sent there are posted to the service with it)' });
    if (env.EMAIL_BOUNCE_SECRET && !env.EMAIL_BOUNCE_DOMAIN) ctx.addIssue({ code: 'custom', path: ['EMAIL_BOUNCE_DOMAIN'], message: 'is required with EMAIL_BOUNCE_SECRET (where the bounce reports are sent)' });
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required with STRIPE_SECRET_KEY' });
    if (env.STRIPE_WEBHOOK_SECRET && !env.STRIPE_SECRET_KEY) ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'is required with STRIPE_WEBHOOK_SECRET' });
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is required with ADMIN_EMAIL in production' });
    }
  });

/**
 * Every setting of the service, parsed once from the environment at start and passed
 * down. Nothing else reads `process.env`.
 */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  /** What this process runs (ROLE or `--role`): everything, or one role of a scaled-out service. */
  role: ProcessRole;
  port: number;
  /** Interface the HTTP server binds to. */
  host: string;
  /**
   * Which proxies in front of the service may tell the client's address in
   * `X-Forwarded-For` (Fastify's `trustProxy`): none (`false`, the default), every hop
   * (`true`), a hop count, or the proxies' addresses and CIDR ranges.
   */
  trustProxy: boolean | number | string[];
  /** Absolute path; holds the embedded database, generated secrets and backups. */
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server is started. */
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  /** Where the outside world reaches this service (webhooks, links), without a trailing slash. */
  publicUrl: string;
  /** Key material for signing and encryption; from env, or generated under dataDir outside production. */
  appSecret: string | undefined;
  /**
   * The APP_SECRET before a rotation: secrets sealed under it still open (the secret box
   * tries it after the current one); new ones are sealed under the current one.
   */
  appSecretPrevious: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /**
   * First owner, created on first run when no owner exists. Outside production the
   * email defaults to owner@example.com and a missing password is generated.
   */
  admin: { email: string; password: string | undefined } | undefined;
  /** Create the demo business on first run. */
  seedDemo: boolean;
  /** Webhook receivers on this machine or a private network (and plain http to them) are allowed: tests and development only. */
  webhooksAllowPrivateUrls: boolean;
  /** How many nightly backups to keep in `dataDir/backups`. */
  backupRetention: number;
  /** Backups are encrypted (AES-256-GCM) under a key derived from it when set. */
  backupKey: string | undefined;
  /** S3-compatible object storage for backups and uploads (`S3_URL`); absent, backups go to `dataDir/backups` and uploads stay in PostgreSQL. */
  s3: S3Location | undefined;
  /**
   * How long a worker may hold a claimed notification before another worker (or this one
   * after a crash) may send it. Short = faster recovery after a crash; every batch is
   * sized to be sent well within it.
   */
  outboxLeaseMs: number;
  /** Agenda's jobs in MongoDB instead of PostgreSQL (the default). */
  jobsMongoUrl: string | undefined;
  /** The Bearer token `/metrics` asks for (`METRICS_TOKEN`); unset, there is no `/metrics`. */
  metricsToken: string | undefined;
  /**
   * Email for password resets and invitations: sent through `smtpUrl` (SMTP_URL) when
   * set; without it the panel shows the links to copy instead.
   */
  mail: {
    smtpUrl: string | undefined;
    from: string;
    /**
     * EMAIL_BOUNCE_DOMAIN: customers' mail goes out with the envelope sender
     * `bounces+<signed token>@<bounceDomain>`, so a bounce report sent back later names
     * whose mail it was. Unset: the envelope sender is `from`'s address.
     */
    bounceDomain: string | undefined;
    /**
     * EMAIL_BOUNCE_SECRET (set with the domain): the Bearer secret a mail forwarder posts
     * those reports with to `POST /webhooks/email/bounces`; unset, there is no such route.
     */
    bounceSecret: string | undefined;
  };
  telegram: {
    /** A bot token to connect to the demo (or first) business at start. */
    botToken: string | undefined;
    /** Webhook when PUBLIC_URL is https (Telegram only calls https), long polling otherwise. */
    mode: 'webhook' | 'polling';
    /** The Bot API server: Telegram's, a self-hosted one, or a local emulator in tests. */
    apiRoot: string;
  };
  twilio: {
    /** A Twilio account and its numbers to connect to the demo (or first) business at start. */
    account: { accountSid: string; authToken: string; smsFrom: string | undefined; whatsappFrom: string | undefined } | undefined;
    /** Where Twilio's REST API is reached: Twilio's own when unset, a local fake in tests. */
    apiBase: string | undefined;
  };
  stripe: {
    /** Stripe keys to connect to the demo (or first) business at start. */
    account?: { secretKey: string; webhookSecret: string };
    /** Where Stripe's API is reached: Stripe's own when unset, a local fake in tests. */
    apiBase?: string;
  };
  /** A Kaspi Pay link to set for the demo (or first) business at start. */
  kaspiPayLink: string | undefined;
  /** Google Calendar sync (GOOGLE_CLIENT_ID/SECRET; absent: off). The hosts are Google's unless set (tests). */
  google?: { clientId: string; clientSecret: string; apiRoot: string | undefined; tokenUrl: string | undefined } | undefined;
  /** Outlook (Microsoft 365) calendar sync (MS_CLIENT_ID/SECRET; absent: off). The hosts are Microsoft's unless set (tests). */
  outlook?: { clientId: string; clientSecret: string; graphRoot: string | undefined; tokenUrl: string | undefined; authorizeUrl: string | undefined } | undefined;
}

/** One problem with one environment variable, worded for the person who set it. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Either a usable configuration or the list of everything wrong with the environment. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

/** What production cannot run without (the README's production checklist), in the order it lists them. */
export const PRODUCTION_REQUIRED = ['APP_SECRET', 'PUBLIC_URL', 'DATABASE_URL', 'TRUST_PROXY'] as const;

const PRODUCTION_HINTS: Record<(typeof PRODUCTION_REQUIRED)[number], string> = {
  APP_SECRET: 'at least 32 random characters, the same for every process',
  PUBLIC_URL: 'the https:// address customers and webhooks reach',
  DATABASE_URL: 'the PostgreSQL every process shares; no embedded server in production',
  TRUST_PROXY: 'the reverse proxy in front (its address or range), or false when there is none',
};

/** The production checklist's variables that are unset (or blank) while NODE_ENV is production. */
function missingInProduction(env: Record<string, string | undefined>): ConfigIssue[] {
  if (env['NODE_ENV'] !== 'production') return [];
  return PRODUCTION_REQUIRED.filter((name) => blankToUndefined(env[name]) === undefined).map((name) => ({
    variable: name,
    message: `is required in production (${PRODUCTION_HINTS[name]})`,
  }));
}

/**
 * Parses the environment (and `--role` among `argv`, which wins over ROLE). Pure: reads
 * only its arguments; no files, no defaults from the machine. Reports every bad
 * variable at once, not just the first — in production, every unset variable of the
 * checklist too.
 */
export function parseConfig(env: Record<string, string | undefined>, cwd: string, argv: readonly string[] = []): ConfigResult {
  // `--role` replaces ROLE; given with no value it is an error, not the default.
  const roleArg = roleArgument(argv);
  const parsed = envSchema.safeParse(roleArg === undefined ? env : { ...env, ROLE: roleArg.trim() === '' ? '--role without a value' : roleArg });
  const missing = missingInProduction(env);
  if (!parsed.success || missing.length > 0) {
    const invalid = parsed.success ? [] : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message }));
    return { ok: false, issues: [...missing, ...invalid.filter((issue) => !missing.some((m) => m.variable === issue.variable))] };
  }
  const e = parsed.data;
  const host = e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  return {
    ok: true,
    config: {
      nodeEnv: e.NODE_ENV,
      role: e.ROLE,
      port: e.PORT,
      host,
      trustProxy: e.TRUST_PROXY,
      dataDir: path.resolve(cwd, e.DATA_DIR),
      databaseUrl: e.DATABASE_URL,
      embeddedPgPort: e.EMBEDDED_PG_PORT,
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      appSecret: e.APP_SECRET,
      appSecretPrevious: e.APP_SECRET_PREVIOUS,
      logLevel: e.LOG_LEVEL,
      admin: firstOwner(e.NODE_ENV, e.ADMIN_EMAIL, e.ADMIN_PASSWORD),
      seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : e.NODE_ENV !== 'production',
      webhooksAllowPrivateUrls: e.WEBHOOKS_ALLOW_PRIVATE_URLS === 'true',
      backupRetention: e.BACKUP_RETENTION,
      backupKey: e.BACKUP_KEY,
      s3: e.S3_URL,
      outboxLeaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
      jobsMongoUrl: e.JOBS_MONGODB_URL,
      metricsToken: e.METRICS_TOKEN,
      mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, bounceDomain: e.EMAIL_BOUNCE_DOMAIN, bounceSecret: e.EMAIL_BOUNCE_SECRET },
      telegram: {
        botToken: e.TELEGRAM_BOT_TOKEN,
        mode: e.TELEGRAM_MODE ?? (e.PUBLIC_URL?.startsWith('https://') ? 'webhook' : 'polling'),
        apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      },
      twilio: {
        account:
          e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
            ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, smsFrom: e.TWILIO_SMS_FROM, whatsappFrom: e.TWILIO_WHATSAPP_FROM }
            : undefined,
        apiBase: e.TWILIO_API_BASE?.replace(/\/+$/, ''),
      },
      stripe: {
        ...(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET ? { account: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET } } : {}),
        ...(e.STRIPE_API_BASE ? { apiBase: e.STRIPE_API_BASE.replace(/\/+$/, '') } : {}),
      },
      kaspiPayLink: e.KASPI_PAY_LINK,
      google: e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET ? { clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET, apiRoot: e.GOOGLE_API_ROOT, tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL } : undefined,
      outlook:
        e.MS_CLIENT_ID && e.MS_CLIENT_SECRET
          ? { clientId: e.MS_CLIENT_ID, clientSecret: e.MS_CLIENT_SECRET, graphRoot: e.MS_GRAPH_ROOT?.replace(/\/+$/, ''), tokenUrl: e.MS_OAUTH_TOKEN_URL, authorizeUrl: e.MS_OAUTH_AUTHORIZE_URL }
          : undefined,
    },
  };
}

function firstOwner(nodeEnv: Config['nodeEnv'], email: string | undefined, password: string | undefined): Config['admin'] {
  if (email) return { email: email.toLowerCase(), password };
  return nodeEnv === 'production' ? undefined : { email: 'owner@example.com', password };
}

/** Formats configuration problems as the lines a person reads when the service refuses to start. */
export function describeConfigIssues(issues: ConfigIssue[]): string {
  return ['Configuration error — fix these environment variables:', ...issues.map((i) => `  ${i.variable}: ${i.message}`)].join('\n');
}

/**
 * The app secret: from APP_SECRET, or (outside production) generated once and kept in
 * `dataDir/app-secret` so restarts keep sessions and encrypted tokens readable.
 */
export async function resolveAppSecret(config: Config): Promise<string> {
  if (config.appSecret) return config.appSecret;
  if (config.nodeEnv === 'production') throw new Error('APP_SECRET is required in production');
  const file = path.join(config.dataDir, 'app-secret');
  await ensurePrivateDataDir(config.dataDir);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 32) return stored;
  } catch {
    // first run: generate below
  }
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
