import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredFile, type FileStore } from '../../src/app/shared/file-store.ts';
import { diskFileStore } from '../../src/files/disk-file-store.ts';
import { s3FileStore, type S3FileStore } from '../../src/files/s3-file-store.ts';
import { S3UrlSchema } from '../../src/files/s3-url.ts';
import { startLocalS3, type LocalS3 } from '../support/local-s3.ts';

let s3: LocalS3;
let s3Store: S3FileStore;
let diskRoot: string;
const stores: Record<'disk' | 's3', () => FileStore> = { disk: () => diskFileStore(diskRoot), s3: () => s3Store };

beforeAll(async () => {
  s3 = await startLocalS3();
  s3Store = s3FileStore(S3UrlSchema.parse(s3.url));
  diskRoot = await mkdtemp(path.join(tmpdir(), 'bookchat-disk-store-'));
});
afterAll(async () => {
  s3Store.close();
  await s3.stop();
  await rm(diskRoot, { recursive: true, force: true });
});

async function* chunks(count: number, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i += 1) yield Buffer.alloc(size, 97 + (i % 26));
}

describe.each(['disk', 's3'] as const)('the %s file store', (kind) => {
  it('puts bytes, gets them back, replaces them whole and deletes them', async () => {
    const store = stores[kind]();
    expect(store.kind).toBe(kind);
    await store.put('uploads/b1/logo', Buffer.from('first'), { contentType: 'image/png' });
    expect((await readStoredFile(store, 'uploads/b1/logo'))?.toString()).toBe('first');
    await store.put('uploads/b1/logo', new Uint8Array(Buffer.from('second')));
    expect((await readStoredFile(store, 'uploads/b1/logo'))?.toString()).toBe('second');
    await store.delete('uploads/b1/logo');
    expect(await store.get('uploads/b1/logo')).toBeNull();
    // Deleting what is not there is no error.
    await store.delete('uploads/b1/logo');
  });

  it('streams a large file of unknown length in and out (a backup: several multipart parts on S3)', async () => {
    const store = stores[kind]();
    await store.put('backups/big.ndjson.gz', Readable.from(chunks(3, 4 * 1024 * 1024)));
    const back = await readStoredFile(store, 'backups/big.ndjson.gz');
    expect(back?.length).toBe(12 * 1024 * 1024);
    expect([back?.[0], back?.[4 * 1024 * 1024], back?.at(-1)]).toEqual([97, 98, 99]);
    await store.delete('backups/big.ndjson.gz');
  });

  it('lists the files under a prefix, sorted by key, with their sizes', async () => {
    const store = stores[kind]();
    await store.put('list/b/2', Buffer.from('22'));
    await store.put('list/a', Buffer.from('1'));
    await store.put('list/b/1', Buffer.from('333'));
    await store.put('listed-elsewhere', Buffer.from('x'));
    expect(await store.list('list/')).toEqual([
      { key: 'list/a', size: 1 },
      { key: 'list/b/1', size: 3 },
      { key: 'list/b/2', size: 2 },
    ]);
    expect((await store.list('list/b/')).map((f) => f.key)).toEqual(['list/b/1', 'list/b/2']);
    expect(await store.list('nothing-here/')).toEqual([]);
  });

  it('refuses keys that could leave the store (.., empty segments, odd characters)', async () => {
    const store = stores[kind]();
    for (const key of ['../escape', 'a/../../b', '/abs', 'a//b', 'a b', '', 'a/./b']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow();
      await expect(store.get(key)).rejects.toThrow();
    }
  });
});

describe('the disk file store', () => {
  it('writes files 0600 in folders 0700, never leaves a half file under the real name, and sweeps stale partial files', async () => {
    const store = diskFileStore(diskRoot);
    const failing = Readable.from((async function* () {
      yield Buffer.from('half');
      throw new Error('the database went away mid-backup');
    })());
    await expect(store.put('backups/broken', failing)).rejects.toThrow('went away');
    expect(await store.get('backups/broken')).toBeNull();
    // A partial file left by a crash hours ago goes with the next finished put.
    const stale = path.join(diskRoot, 'backups', 'crashed.partial');
    await writeFile(stale, 'half');
    await utimes(stale, new Date(0), new Date(0));
    await store.put('backups/fine', Buffer.from('ok'));
    expect(await readdir(path.join(diskRoot, 'backups'))).toEqual(['fine']);
    expect((await stat(path.join(diskRoot, 'backups', 'fine'))).mode & 0o777).toBe(0o600);
  });
});

describe('the S3 file store', () => {
  it('is refused with an unknown access key', async () => {
    const wrong = s3FileStore(S3UrlSchema.parse(s3.url.replace('S3RVER:S3RVER', 'NOBODY:S3RVER')), { maxAttempts: 1 });
    await expect(wrong.put('x', Buffer.from('x'))).rejects.toThrow();
    wrong.close();
  });

  it('keeps keys under the prefix named after the bucket', async () => {
    const prefixed = s3FileStore(S3UrlSchema.parse(s3.url.replace(`/${s3.bucket}?`, `/${s3.bucket}/tenant-a?`)));
    await prefixed.put('uploads/logo', Buffer.from('p'));
    expect(await prefixed.list('uploads/')).toEqual([{ key: 'uploads/logo', size: 1 }]);
    expect((await s3Store.list('tenant-a/')).map((f) => f.key)).toEqual(['tenant-a/uploads/logo']);
    prefixed.close();
  });
});
