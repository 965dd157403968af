import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The app secrets a sealed value may be under: the current APP_SECRET, which seals,
 * and during a rotation the previous one (APP_SECRET_PREVIOUS), which still opens.
 */
export interface SecretKeys {
  current: string;
  previous?: string | undefined;
}

/** A plain string is the current APP_SECRET alone. */
export type AppSecrets = string | SecretKeys;

const TAG_LENGTH = 16;

function keyFor(appSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'bookchat-secret-box', purpose, 32));
}

// Names the key a v2 value was sealed under, so opening picks the right secret at once.
// A MAC of a fixed label under the derived key: it tells nothing about the key.
function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('bookchat-secret-box key id').digest().subarray(0, 6).toString('base64url');
}

function secretsOf(secrets: AppSecrets): string[] {
  if (typeof secrets === 'string') return [secrets];
  return secrets.previous ? [secrets.current, secrets.previous] : [secrets.current];
}

/**
 * Encrypts a secret for storage (a bot token, an API key) with AES-256-GCM under a key
 * derived from the current APP_SECRET and the secret's purpose, bound to `context` (the
 * row it belongs to: a ciphertext copied onto another row does not open). The result
 * is text: `v2:<key id>.<iv>.<tag>.<ciphertext>` in base64url. The key id names the
 * secret it was sealed under, which is what lets APP_SECRET be rotated.
 */
export function sealSecret(secrets: AppSecrets, purpose: string, plaintext: string, context: string): string {
  const key = keyFor(secretsOf(secrets)[0]!, purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v2:${[keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')}`;
}

/**
 * Decrypts {@link sealSecret}'s output — and the older `v1.<iv>.<tag>.<ciphertext>`,
 * which names no key — under the current or the previous APP_SECRET. Throws when it was
 * altered, belongs to another row or purpose, or was sealed under neither secret.
 */
export function openSecret(secrets: AppSecrets, purpose: string, sealed: string, context: string): string {
  const keys = secretsOf(secrets).map((secret) => keyFor(secret, purpose));
  if (sealed.startsWith('v2:')) {
    const [id, iv, tag, body] = sealed.slice(3).split('.');
    if (!id || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const key = keys.find((k) => keyId(k) === id);
    if (!key) throw new Error('sealed under an APP_SECRET that is neither the current nor the previous one');
    return decrypt(key, iv, tag, body, context);
  }
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
  let failure: unknown;
  for (const key of keys) {
    try {
      return decrypt(key, iv, tag, body, context);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

function decrypt(key: Buffer, iv: string, tag: string, body: string, context: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
