import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConfigIssues, parseConfig, resolveAppSecret } from '../src/config.ts';

const cwd = '/srv/bookchat';

describe('parseConfig', () => {
  it('gives sensible defaults for development', () => {
    const result = parseConfig({}, cwd);
    expect(result).toMatchObject({
      ok: true,
      config: {
        nodeEnv: 'development',
        port: 3000,
        host: '127.0.0.1',
        dataDir: '/srv/bookchat/data',
        databaseUrl: undefined,
        publicUrl: 'http://localhost:3000',
        logLevel: 'info',
        seedDemo: true,
        admin: { email: 'owner@example.com', password: undefined },
      },
    });
  });

  it('reads every setting', () => {
    const result = parseConfig(
      {
        NODE_ENV: 'production',
        PORT: '8080',
        DATA_DIR: '/var/lib/bookchat',
        DATABASE_URL: 'postgres://app:secret@db:5432/bookchat',
        PUBLIC_URL: 'https://book.example.kz/',
        APP_SECRET: 'x'.repeat(40),
        TRUST_PROXY: '10.0.0.2',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: 'Owner@Example.KZ',
        ADMIN_PASSWORD: 'correct horse battery',
      },
      cwd,
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        nodeEnv: 'production',
        role: 'all',
        port: 8080,
        host: '0.0.0.0',
        dataDir: '/var/lib/bookchat',
        databaseUrl: 'postgres://app:secret@db:5432/bookchat',
        publicUrl: 'https://book.example.kz',
        logLevel: 'warn',
        seedDemo: false,
        admin: { email: 'owner@example.kz', password: 'correct horse battery' },
      },
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'whole number'],
    [{ PORT: '70000' }, 'PORT', 'between 1 and 65535'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL', 'postgres://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'postgres://'],
    [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL', 'http'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET', 'at least 32'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'one of'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', 'development, production or test'],
    [{ ADMIN_EMAIL: 'owner' }, 'ADMIN_EMAIL', 'email'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD', 'at least 10'],
    [{ ADMIN_PASSWORD: 'long enough password' }, 'ADMIN_EMAIL', 'required when ADMIN_PASSWORD'],
    [{ NODE_ENV: 'production' }, 'APP_SECRET', 'required in production'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO', 'true or false'],
  ])('rejects %o with a clear message on %s', (env, variable, fragment) => {
    const result = parseConfig(env, cwd);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.variable === variable);
    expect(issue?.message).toContain(fragment);
    expect(describeConfigIssues(result.issues)).toContain(`${variable}: `);
  });

  it('reports every bad variable at once', () => {
    const result = parseConfig({ PORT: 'x', LOG_LEVEL: 'y', DATABASE_URL: 'z' }, cwd);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('reads the Telegram settings: webhook behind https, polling otherwise, overridable', () => {
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    const https = parseConfig({ TELEGRAM_BOT_TOKEN: token, PUBLIC_URL: 'https://book.example.kz' }, cwd);
    expect(https).toMatchObject({ ok: true, config: { telegram: { botToken: token, mode: 'webhook', apiRoot: 'https://api.telegram.org' } } });
    const local = parseConfig({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }, cwd);
    expect(local).toMatchObject({ ok: true, config: { telegram: { botToken: undefined, mode: 'polling', apiRoot: 'http://127.0.0.1:8081' } } });
    expect(parseConfig({ PUBLIC_URL: 'https://book.example.kz', TELEGRAM_MODE: 'polling' }, cwd)).toMatchObject({ ok: true, config: { telegram: { mode: 'polling' } } });
  });

  it('refuses a malformed Telegram token, mode or API root, naming each', () => {
    const result = parseConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_MODE: 'push', TELEGRAM_API_ROOT: 'ftp://x' }, cwd);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.variable).sort()).toEqual(['TELEGRAM_API_ROOT', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_MODE']);
    expect(describeConfigIssues(result.issues)).toContain('the token @BotFather gave');
  });

  it('keeps jobs in PostgreSQL unless JOBS_MONGODB_URL asks for MongoDB', () => {
    expect(parseConfig({}, cwd)).toMatchObject({ ok: true, config: { jobsMongoUrl: undefined } });
    expect(parseConfig({ JOBS_MONGODB_URL: 'mongodb://jobs.internal:27017/bookchat' }, cwd)).toMatchObject({ ok: true, config: { jobsMongoUrl: 'mongodb://jobs.internal:27017/bookchat' } });
    const bad = parseConfig({ JOBS_MONGODB_URL: 'postgres://x' }, cwd);
    expect(bad.ok ? [] : bad.issues.map((i) => i.variable)).toEqual(['JOBS_MONGODB_URL']);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['TRUE', true],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, 192.168.1.7,::1 , fd00::/8', ['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ])('reads TRUST_PROXY=%o as trustProxy %o (default: no proxy trusted)', (value, trustProxy) => {
    expect(parseConfig(value === undefined ? {} : { TRUST_PROXY: value }, cwd)).toMatchObject({ ok: true, config: { trustProxy } });
  });

  it.each(['yes', '0', '33', '10.0.0.0/33', '::1/129', '10.0.0', 'example.com', '10.0.0.1,,10.0.0.2', '10.0.0.0/8/1'])('refuses TRUST_PROXY=%o, naming it', (value) => {
    const result = parseConfig({ TRUST_PROXY: value }, cwd);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.variable)).toEqual(['TRUST_PROXY']);
  });

  it('reads APP_SECRET_PREVIOUS and BACKUP_KEY, each at least 32 characters', () => {
    expect(parseConfig({}, cwd)).toMatchObject({ ok: true, config: { appSecretPrevious: undefined, backupKey: undefined } });
    expect(parseConfig({ APP_SECRET_PREVIOUS: 'p'.repeat(32), BACKUP_KEY: 'b'.repeat(32) }, cwd)).toMatchObject({ ok: true, config: { appSecretPrevious: 'p'.repeat(32), backupKey: 'b'.repeat(32) } });
    const short = parseConfig({ APP_SECRET_PREVIOUS: 'short', BACKUP_KEY: 'b'.repeat(31) }, cwd);
    expect(short.ok ? [] : short.issues.map((i) => i.variable).sort()).toEqual(['APP_SECRET_PREVIOUS', 'BACKUP_KEY']);
  });

  it('reads SMTP_URL and MAIL_FROM: no email by default, links go by email when set', () => {
    expect(parseConfig({}, cwd)).toMatchObject({ ok: true, config: { mail: { smtpUrl: undefined, from: 'BookChat <no-reply@localhost>' } } });
    expect(parseConfig({ SMTP_URL: 'smtps://mailer:secret@smtp.example.kz:465', MAIL_FROM: 'Salon <hello@salon.kz>' }, cwd)).toMatchObject({
      ok: true,
      config: { mail: { smtpUrl: 'smtps://mailer:secret@smtp.example.kz:465', from: 'Salon <hello@salon.kz>' } },
    });
    expect(parseConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: ' ' }, cwd)).toMatchObject({ ok: true, config: { mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'BookChat <no-reply@localhost>' } } });
  });

  it('reads EMAIL_BOUNCE_DOMAIN with EMAIL_BOUNCE_SECRET: no bounce addresses or endpoint by default, the domain in lowercase when set', () => {
    expect(parseConfig({}, cwd)).toMatchObject({ ok: true, config: { mail: { bounceDomain: undefined, bounceSecret: undefined } } });
    const secret = 'forwarder-secret-0123456789abcdef';
    expect(parseConfig({ EMAIL_BOUNCE_DOMAIN: ' Bounces.Salon.KZ ', EMAIL_BOUNCE_SECRET: secret }, cwd)).toMatchObject({ ok: true, config: { mail: { bounceDomain: 'bounces.salon.kz', bounceSecret: secret } } });
    const alone = [parseConfig({ EMAIL_BOUNCE_DOMAIN: 'bounces.salon.kz' }, cwd), parseConfig({ EMAIL_BOUNCE_SECRET: secret }, cwd)];
    expect(alone.map((r) => (r.ok ? [] : r.issues.map((i) => i.variable)))).toEqual([['EMAIL_BOUNCE_SECRET'], ['EMAIL_BOUNCE_DOMAIN']]);
  });

  it.each([
    [{ SMTP_URL: 'http://smtp.example.kz' }, 'SMTP_URL', 'smtp:// or smtps://'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL', 'smtp:// or smtps://'],
    [{ MAIL_FROM: 'BookChat' }, 'MAIL_FROM', 'email address'],
    [{ EMAIL_BOUNCE_DOMAIN: 'bounces@example.com', EMAIL_BOUNCE_SECRET: 'forwarder-secret-0123456789abcdef' }, 'EMAIL_BOUNCE_DOMAIN', 'domain name'],
    [{ EMAIL_BOUNCE_DOMAIN: 'localhost', EMAIL_BOUNCE_SECRET: 'forwarder-secret-0123456789abcdef' }, 'EMAIL_BOUNCE_DOMAIN', 'domain name'],
    [{ EMAIL_BOUNCE_DOMAIN: 'bounces.example.com', EMAIL_BOUNCE_SECRET: 'short' }, 'EMAIL_BOUNCE_SECRET', '24 to 256 printable'],
  ])('refuses %o with a clear message on %s', (env, variable, fragment) => {
    const result = parseConfig(env, cwd);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.variable)).toEqual([variable]);
    expect(result.issues[0]?.message).toContain(fragment);
  });

  it('refuses to start in production without the checklist, listing every missing variable in one message', () => {
    const result = parseConfig({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40), PUBLIC_URL: ' ', LOG_LEVEL: 'loud' }, cwd);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.variable)).toEqual(['PUBLIC_URL', 'DATABASE_URL', 'TRUST_PROXY', 'LOG_LEVEL']);
    const message = describeConfigIssues(result.issues);
    expect(message).toMatch(/^Configuration error/);
    for (const variable of ['PUBLIC_URL', 'DATABASE_URL', 'TRUST_PROXY']) expect(message).toContain(`  ${variable}: is required in production (`);
    // TRUST_PROXY=false is an answer (no proxy in front), not a missing one.
    const complete = { NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://book.example.kz', DATABASE_URL: 'postgres://app@db/bookchat', TRUST_PROXY: 'false' };
    expect(parseConfig(complete, cwd)).toMatchObject({ ok: true, config: { trustProxy: false } });
    // Outside production nothing of it is required.
    expect(parseConfig({ NODE_ENV: 'test' }, cwd).ok).toBe(true);
  });

  it.each([
    [{}, [], 'all'],
    [{ ROLE: 'web' }, [], 'web'],
    [{ ROLE: ' ' }, [], 'all'],
    [{ ROLE: 'web' }, ['--role', 'worker'], 'worker'],
    [{}, ['--role=channels'], 'channels'],
  ])('reads the process role from ROLE %o and argv %o as %s', (env, argv, role) => {
    expect(parseConfig(env, cwd, argv)).toMatchObject({ ok: true, config: { role } });
  });

  it.each([
    [{ ROLE: 'api' }, []],
    [{}, ['--role', 'everything']],
    [{}, ['--role']],
  ])('refuses the role in %o %o, naming the roles there are', (env, argv) => {
    const result = parseConfig(env, cwd, argv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ variable: 'ROLE', message: 'must be one of all, web, worker, channels' }]);
  });

  it('treats empty variables as unset', () => {
    const result = parseConfig({ DATABASE_URL: '', APP_SECRET: ' ', PUBLIC_URL: '' }, cwd);
    expect(result).toMatchObject({ ok: true, config: { databaseUrl: undefined, appSecret: undefined, publicUrl: 'http://localhost:3000' } });
  });
});

describe('resolveAppSecret', () => {
  it('generates a secret once outside production and keeps it under DATA_DIR', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bookchat-config-'));
    try {
      const parsed = parseConfig({ DATA_DIR: dataDir }, cwd);
      if (!parsed.ok) throw new Error('config should parse');
      const first = await resolveAppSecret(parsed.config);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect((await readFile(path.join(dataDir, 'app-secret'), 'utf8')).trim()).toBe(first);
      expect(await resolveAppSecret(parsed.config)).toBe(first);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('uses APP_SECRET when given', async () => {
    const parsed = parseConfig({ APP_SECRET: 's'.repeat(32), DATA_DIR: '/nonexistent/never-written' }, cwd);
    if (!parsed.ok) throw new Error('config should parse');
    expect(await resolveAppSecret(parsed.config)).toBe('s'.repeat(32));
  });
});
