import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual, type DecipherGCM } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * An encrypted backup: this header, the AES-256-GCM ciphertext of the gzipped backup,
 * then GCM's 16-byte tag. The header (bound to the ciphertext as additional data) holds
 * the salt the key is derived with and a check value, so a wrong BACKUP_KEY is named
 * as such at once instead of surfacing as a broken gzip stream.
 *
 *   magic "BOOKCHAT-BACKUP-ENC" + version (1) · salt (16) · key check (16) · iv (12)
 */
const MAGIC = Buffer.from('BOOKCHAT-BACKUP-ENC', 'latin1');
const VERSION = 1;
const SALT = 16;
const CHECK = 16;
const IV = 12;
const TAG = 16;
const HEADER = MAGIC.length + 1 + SALT + CHECK + IV;

/** The file a backup is encrypted in ends with this, after `.ndjson.gz`. */
export const ENCRYPTED_SUFFIX = '.enc';

/** An encrypted backup and no key, or not the key it was made with. */
export class BackupKeyError extends Error {
  override name = 'BackupKeyError';
}

function keys(backupKey: string, salt: Buffer): { key: Buffer; check: Buffer } {
  const material = Buffer.from(hkdfSync('sha256', backupKey, salt, 'bookchat-backup-v1', 32 + CHECK));
  return { key: material.subarray(0, 32), check: material.subarray(32) };
}

/** True when `file` starts like an encrypted backup. */
export async function isEncryptedBackup(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(start, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && start.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/** A stream that encrypts what passes through it into the format above. */
export function encryptBackup(backupKey: string): Transform {
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const { key, check } = keys(backupKey, salt);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), salt, check, iv]);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  cipher.setAAD(header);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        started = true;
        this.push(header);
      }
      done(null, cipher.update(chunk));
    },
    flush(done: TransformCallback) {
      if (!started) this.push(header);
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

/**
 * A stream that decrypts an encrypted backup. Fails with {@link BackupKeyError} on a
 * wrong key as soon as the header is read, and with an error at the end when the file
 * was altered or cut short (the tag does not match): a restore reading it commits only
 * after the stream ended cleanly.
 */
export function decryptBackup(backupKey: string, file: string): Transform {
  let pending = Buffer.alloc(0);
  let decipher: DecipherGCM | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending = Buffer.concat([pending, chunk]);
      if (!decipher) {
        if (pending.length < HEADER) return done();
        try {
          decipher = openHeader(pending.subarray(0, HEADER), backupKey, file);
        } catch (error) {
          return done(error as Error);
        }
        pending = pending.subarray(HEADER);
      }
      // The last TAG bytes may be the tag: hold them back until the end.
      if (pending.length <= TAG) return done();
      const body = pending.subarray(0, pending.length - TAG);
      pending = pending.subarray(pending.length - TAG);
      done(null, decipher.update(body));
    },
    flush(done: TransformCallback) {
      if (!decipher || pending.length < TAG) return done(new Error(`${file} is cut short: not a whole encrypted backup`));
      try {
        decipher.setAuthTag(pending);
        done(null, decipher.final());
      } catch {
        done(new Error(`${file} was altered or cut short: its encryption tag does not match`));
      }
    },
  });
}

function openHeader(header: Buffer, backupKey: string, file: string): DecipherGCM {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header[MAGIC.length] !== VERSION) {
    throw new BackupKeyError(`${file} is not an encrypted BookChat backup of a version this release reads`);
  }
  let offset = MAGIC.length + 1;
  const salt = header.subarray(offset, (offset += SALT));
  const check = header.subarray(offset, (offset += CHECK));
  const iv = header.subarray(offset, (offset += IV));
  const derived = keys(backupKey, salt);
  if (!timingSafeEqual(derived.check, check)) {
    throw new BackupKeyError(`${file} was encrypted with another BACKUP_KEY: set the key it was made with`);
  }
  const decipher = createDecipheriv('aes-256-gcm', derived.key, iv, { authTagLength: TAG });
  decipher.setAAD(header);
  return decipher;
}
