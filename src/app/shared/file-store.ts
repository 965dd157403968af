import type { Readable } from 'node:stream';
import { z } from 'zod';

/**
 * A key in a {@link FileStore}: `/`-separated segments of letters, digits, `.`, `_`
 * and `-`, never `.` or `..` alone (so a disk store cannot be led outside its folder).
 */
export const FileKey = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be /-separated segments of letters, digits, ., _ and -')
  .refine((key) => key.split('/').every((segment) => segment !== '.' && segment !== '..'), 'must not hold . or .. segments');

/** One stored file as a listing shows it. */
export interface StoredFileInfo {
  key: string;
  size: number;
}

/**
 * Where files live that are not rows: uploads (logos, staff photos) and backups. A
 * folder on the local disk by default; S3-compatible object storage when `S3_URL` is set,
 * so processes on several machines share them. Chosen in main.ts.
 *
 * `put` replaces a file whole: a reader sees the old one or the new one, never half of
 * either. Keys are checked with {@link FileKey}; a bad key throws.
 */
export interface FileStore {
  /** `disk` or `s3`: for logs and the banner. */
  readonly kind: 'disk' | 's3';
  /** Stores bytes or a stream (a backup, of unknown length) under `key`. */
  put(key: string, body: Uint8Array | Readable, options?: { contentType?: string }): Promise<void>;
  /** The file as a stream, or null when there is none. */
  get(key: string): Promise<Readable | null>;
  /** Removes the file; removing a missing one is no error. */
  delete(key: string): Promise<void>;
  /** The files whose keys start with `prefix`, sorted by key. */
  list(prefix: string): Promise<StoredFileInfo[]>;
}

/** The whole file read into memory (for small files: logos, photos), or null. */
export async function readStoredFile(store: FileStore, key: string): Promise<Buffer | null> {
  const stream = await store.get(key);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
