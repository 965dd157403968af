import { spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { Owner } from '../src/db/embedded-server-owner.ts';
import { freePort } from './support/free-port.ts';
import { isAlive, makeDataDir, postmasterPid, startOnFreePorts, startService, type ServiceProcess } from './support/service-process.ts';

const READY = 'BookChat is running at';
const started: ServiceProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const service of started.splice(0)) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) {
    const pid = await postmasterPid(dir);
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

async function launch(dataDir: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const service = startService({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), ...env });
  started.push(service);
  return { service, port };
}

/** Launches the service and waits until it runs, on new ports if another process took one meanwhile. */
const launchReady = (dataDir: string) => startOnFreePorts(() => launch(dataDir), READY);

async function waitUntilDead(pid: number): Promise<void> {
  for (let i = 0; i < 200 && isAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** `npm start` as a user runs it, with `env` added to a minimal environment. */
function startWithNpm(env: Record<string, string>): ServiceProcess {
  const child = spawn('npm', ['start'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const service = { child, output: () => output, exited };
  started.push(service);
  return service;
}

async function isPortFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('npm start (src/main.ts)', () => {
  it('starts embedded PostgreSQL, serves /health, prints the owner login, and leaves nothing behind on SIGTERM', async () => {
    // A fresh data dir for each try: the first start is the one that generates the password.
    const { service, port, dataDir } = await startOnFreePorts(async () => {
      const dataDir = await makeDataDir();
      dirs.push(dataDir);
      return { ...(await launch(dataDir)), dataDir };
    }, READY);
    expect(service.output()).toContain(`Owner login: owner@example.com (password: generated, in ${dataDir}/first-owner-password)`);
    expect(service.output()).not.toContain((await readFile(path.join(dataDir, 'first-owner-password'), 'utf8')).split('\n')[1]);

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // The demo can be booked with no account anywhere: the banner names its web chat, which answers.
    const chatUrl = /Book in the web chat: (\S+)/.exec(service.output())?.[1];
    expect(chatUrl).toMatch(/\/chat\/demo$/);
    const chat = await fetch(`http://127.0.0.1:${port}${new URL(chatUrl!).pathname}`);
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain('Aigerim Beauty Studio');

    const pgPid = await postmasterPid(dataDir);
    expect(pgPid && isAlive(pgPid)).toBe(true);

    await stopsCleanlyOnSigterm(service, pgPid!, dataDir);
  });

  it('recovers from a SIGKILLed run: stops the orphaned server and starts again with the same data', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const first = await launchReady(dataDir);
    const orphan = await postmasterPid(dataDir);
    first.service.child.kill('SIGKILL');
    await first.service.exited;
    expect(orphan && isAlive(orphan)).toBe(true);

    const second = await launchReady(dataDir);
    expect(second.service.output()).toContain('orphaned');
    expect(second.service.output()).toContain('Owner login: owner@example.com (password in');
    expect(isAlive(orphan!)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${second.port}/health`)).status).toBe(200);

    const pgPid = await postmasterPid(dataDir);
    second.service.child.kill('SIGTERM');
    expect(await second.service.exited).toBe(0);
    await waitUntilDead(pgPid!);
    expect(isAlive(pgPid!)).toBe(false);
  });

  it('refuses a busy database port with a clear message and exit code 1', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    // Taken by a server of our own, on whatever port the OS gives it.
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const address = busy.address();
    const pgPort = typeof address === 'object' && address ? address.port : 0;
    try {
      const { service } = await launch(dataDir, { EMBEDDED_PG_PORT: String(pgPort) });
      expect(await service.exited).toBe(1);
      expect(service.output()).toContain(`Port ${pgPort} is already in use`);
      expect(service.output()).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
    }
  });

  it('refuses bad configuration before touching anything', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const { service } = await launch(dataDir, { PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain('PORT: must be a whole number');
    expect(service.output()).toContain('LOG_LEVEL: must be one of');
    expect(await postmasterPid(dataDir)).toBeUndefined();
  });

  it('backs up while the service runs, and refuses a second service on the same data', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const first = await launchReady(dataDir);

    const backup = startService({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }, ['src/db/backup-cli.ts', 'backup']);
    started.push(backup);
    expect(await backup.exited).toBe(0);
    expect(backup.output()).toMatch(/Backup written: .*backups\/bookchat-.*\.ndjson\.gz/);
    expect((await readdir(path.join(dataDir, 'backups'))).filter((f) => f.endsWith('.ndjson.gz'))).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${first.port}/health`)).status).toBe(200);

    const [backupFile] = (await readdir(path.join(dataDir, 'backups'))).filter((f) => f.endsWith('.ndjson.gz'));
    const restore = startService({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }, [
      'src/db/backup-cli.ts',
      'restore',
      path.join(dataDir, 'backups', backupFile!),
      '--yes',
    ]);
    started.push(restore);
    expect(await restore.exited).toBe(1);
    expect(restore.output()).toContain('already running');

    const second = await launch(dataDir);
    expect(await second.service.exited).toBe(1);
    expect(second.service.output()).toContain('already running');
    expect((await fetch(`http://127.0.0.1:${first.port}/health`)).status).toBe(200);

    first.service.child.kill('SIGTERM');
    expect(await first.service.exited).toBe(0);
  });

  it('stops in order when the npm process of `npm start` gets SIGTERM, though npm does not pass it on', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const { service: npm, ports } = await startOnFreePorts(async () => {
      const ports = { PORT: await freePort(), EMBEDDED_PG_PORT: await freePort() };
      return { service: startWithNpm({ DATA_DIR: dataDir, PORT: String(ports.PORT), EMBEDDED_PG_PORT: String(ports.EMBEDDED_PG_PORT) }), ports };
    }, READY);
    const servicePid = Owner.parse(JSON.parse(await readFile(path.join(dataDir, 'pg-owner'), 'utf8'))).pid;
    onTestFinished(() => {
      if (isAlive(servicePid)) process.kill(servicePid, 'SIGKILL');
    });
    const pgPid = (await postmasterPid(dataDir))!;
    expect(servicePid).not.toBe(npm.child.pid);
    expect([isAlive(servicePid), isAlive(pgPid)]).toEqual([true, true]);

    npm.child.kill('SIGTERM');
    await npm.exited;
    await waitUntilDead(servicePid);
    await waitUntilDead(pgPid);
    expect([isAlive(servicePid), isAlive(pgPid)]).toEqual([false, false]);
    // Stopped in order, not killed: the server removed its pid file, the service its claim.
    expect(await postmasterPid(dataDir)).toBeUndefined();
    expect(await readdir(dataDir)).not.toContain('pg-owner');
    expect(await isPortFree(ports.PORT)).toBe(true);
    expect(await isPortFree(ports.EMBEDDED_PG_PORT)).toBe(true);
  });

  it('stops what has started when SIGTERM comes during start-up', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const { service } = await launch(dataDir);
    // The embedded server writes its pid file as it starts; migrations and the seed follow.
    let exited = false;
    void service.exited.then(() => (exited = true));
    let pgPid: number | undefined;
    for (let i = 0; i < 1200 && !exited && !(pgPid && isAlive(pgPid)); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      pgPid = await postmasterPid(dataDir);
    }
    expect(pgPid && isAlive(pgPid)).toBe(true);

    await stopsCleanlyOnSigterm(service, pgPid!, dataDir);
  });

  it('exits with code 1 and stops everything it started when its HTTP port is taken', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    // Someone else holds the HTTP port: jobs, channels and the dispatcher start first, then listening fails.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      const service = startService({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) });
      started.push(service);
      expect(await service.exited).toBe(1);
      expect(service.output()).toMatch(/EADDRINUSE|address already in use/);
      const pgPid = await postmasterPid(dataDir);
      if (pgPid) await waitUntilDead(pgPid);
      expect(pgPid === undefined || !isAlive(pgPid)).toBe(true);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

// SIGTERM to the service: it exits 0 and its embedded PostgreSQL is gone with it.
async function stopsCleanlyOnSigterm(service: Awaited<ReturnType<typeof launch>>['service'], pgPid: number, dataDir: string): Promise<void> {
  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(0);
  await waitUntilDead(pgPid);
  expect(isAlive(pgPid)).toBe(false);
  expect(await postmasterPid(dataDir)).toBeUndefined();
}
