import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileKey, type FileStore, type StoredFileInfo } from '../app/shared/file-store.ts';

const PARTIAL = '.partial';
// A partial file this old belongs to a writer that crashed, not to one still writing.
const STALE_PARTIAL_MS = 6 * 3_600_000;

/**
 * The {@link FileStore} in a folder on the local disk (DATA_DIR by default): key
 * `backups/x` is the file `<root>/backups/x`. Files hold customers' data, so folders are
 * made 0700 and files 0600. A put writes `<file>.partial` and renames it when complete,
 * so a crash never leaves a half file under the real name; a put that finishes removes
 * partial files of its folder left by a crash.
 */
export function diskFileStore(root: string): FileStore {
  const fileOf = (key: string) => path.join(root, ...FileKey.parse(key).split('/'));
  return {
    kind: 'disk',
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const partial = `${file}${PARTIAL}`;
      try {
        await pipeline(body instanceof Uint8Array ? Readable.from([body]) : body, createWriteStream(partial, { mode: 0o600 }));
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      await removeStalePartials(path.dirname(file));
    },
    async get(key) {
      const file = fileOf(key);
      const info = await stat(file).catch(() => null);
      return info?.isFile() ? createReadStream(file) : null;
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async list(prefix) {
      // Walk only the folder the prefix names (DATA_DIR also holds the embedded database).
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      if (folder !== '') FileKey.parse(folder.slice(0, -1));
      const found: StoredFileInfo[] = [];
      await walk(path.join(root, ...folder.split('/').filter(Boolean)), folder, async (key, size) => {
        if (key.startsWith(prefix) && !key.endsWith(PARTIAL)) found.push({ key, size });
      });
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}

async function walk(dir: string, keyPrefix: string, visit: (key: string, size: number) => Promise<void>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const key = `${keyPrefix}${entry.name}`;
    if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${key}/`, visit);
    else if (entry.isFile()) await visit(key, (await stat(path.join(dir, entry.name))).size);
  }
}

async function removeStalePartials(dir: string): Promise<void> {
  for (const name of (await readdir(dir).catch(() => [])).filter((n) => n.endsWith(PARTIAL))) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_PARTIAL_MS) await rm(path.join(dir, name), { force: true });
  }
}
