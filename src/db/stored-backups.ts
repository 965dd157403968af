import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { backupFileName, streamBackup, type BackupOptions } from './database-backup.ts';

/** Backups in a file store live under this folder (`DATA_DIR/backups` on disk). */
export const BACKUP_FOLDER = 'backups/';
const BACKUP_NAME = /^bookchat-.*\.ndjson\.gz(\.enc)?$/;

/**
 * The part of a file store (src/app/shared/file-store.ts, disk or S3) backups use;
 * named here by shape so src/db imports no use-case code.
 */
export interface BackupStore {
  readonly kind: string;
  put(key: string, body: Readable): Promise<void>;
  get(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<{ key: string; size: number }[]>;
}

/** What a backup into a store wrote: its key and the rows per table. */
export interface StoredBackup {
  key: string;
  tables: Record<string, number>;
}

/** Streams a full backup (database-backup.ts) into the store as `backups/bookchat-<time>.ndjson.gz[.enc]`. */
export async function storeBackup(url: string, store: BackupStore, at: Date, options: BackupOptions = {}): Promise<StoredBackup> {
  const key = `${BACKUP_FOLDER}${backupFileName(at, { encrypted: options.key !== undefined })}`;
  const tables = await streamBackup(url, (backup) => store.put(key, backup), options);
  return { key, tables };
}

/** Deletes all but the newest `keep` backups in the store (names sort by time); returns the deleted keys. */
export async function pruneStoredBackups(store: BackupStore, keep: number): Promise<string[]> {
  const backups = (await store.list(BACKUP_FOLDER)).map((f) => f.key).filter((key) => BACKUP_NAME.test(key.slice(BACKUP_FOLDER.length))).sort();
  const old = backups.slice(0, Math.max(0, backups.length - keep));
  for (const key of old) await store.delete(key);
  return old;
}

/**
 * A stored backup copied to a local temporary file (a restore reads the file twice:
 * its header, then its rows), with what removes it again; null when the store has no
 * backup by that name (`bookchat-….ndjson.gz` or `backups/bookchat-…`).
 */
export async function fetchStoredBackup(store: BackupStore, name: string): Promise<{ file: string; remove: () => Promise<void> } | null> {
  const base = name.startsWith(BACKUP_FOLDER) ? name.slice(BACKUP_FOLDER.length) : name;
  if (!BACKUP_NAME.test(base)) return null;
  const stream = await store.get(`${BACKUP_FOLDER}${base}`);
  if (!stream) return null;
  const dir = await mkdtemp(path.join(tmpdir(), 'bookchat-restore-'));
  const file = path.join(dir, base);
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(stream, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, remove };
}
