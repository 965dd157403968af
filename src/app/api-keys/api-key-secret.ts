import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked one is easy to recognise (and to scan repositories for). */
export const API_KEY_TAG = 'bk_live_';
/** How much of a key people see in the list: the tag and 8 characters. */
const PREFIX_LENGTH = API_KEY_TAG.length + 8;

/** A fresh key: the plain text (shown once), what is stored of it, and what the list shows. */
export interface NewApiKeySecret {
  key: string;
  hash: string;
  prefix: string;
}

/**
 * A new key: the tag and 32 random bytes in base64url (256 bits). Guessing one is
 * hopeless, so a fast hash is enough to keep it: SHA-256 lets every request find its
 * key by one indexed lookup. A slow password hash (argon2) protects short secrets people
 * choose; here it would only add ~50 ms of CPU to every API call for nothing.
 */
export function newApiKeySecret(): NewApiKeySecret {
  const key = `${API_KEY_TAG}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, PREFIX_LENGTH) };
}

/** The stored form of a key (hex SHA-256). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
