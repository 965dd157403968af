import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, resolveAppSecret } from '../../src/config.ts';
import { ensurePrivateDataDir, osUser } from '../../src/db/data-dir.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bookchat-data-dir-'));
  roots.push(root);
  await chmod(root, 0o755);
  return root;
}

// 0700; as root, where the embedded server runs as the OS user `postgres`: 0710, group postgres.
async function expectPrivate(dir: string): Promise<void> {
  const info = await stat(dir);
  const server = process.getuid?.() === 0 ? await osUser('postgres') : undefined;
  expect((info.mode & 0o777).toString(8)).toBe(server ? '710' : '700');
  if (server) expect(info.gid).toBe(server.gid);
}

describe('DATA_DIR', () => {
  it('is created private, parents included, by the first thing that writes to it (the app secret)', async () => {
    const dataDir = path.join(await scratch(), 'nested', 'data');
    const parsed = parseConfig({ DATA_DIR: dataDir }, '/');
    if (!parsed.ok) throw new Error('config should parse');
    await resolveAppSecret(parsed.config);
    await expectPrivate(dataDir);
    expect(((await stat(path.join(dataDir, 'app-secret'))).mode & 0o777).toString(8)).toBe('600');
    // Its parents keep the usual mode: the server's OS user may have to pass through them.
    expect((await stat(path.dirname(dataDir))).mode & 0o005).toBe(0o005);
  });

  it('is tightened when an earlier release left it 0755', async () => {
    const dataDir = path.join(await scratch(), 'data');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    await ensurePrivateDataDir(dataDir);
    await expectPrivate(dataDir);
  });
});
