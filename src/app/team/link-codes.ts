import { createHmac, timingSafeEqual } from 'node:crypto';

// Crockford-style alphabet: no I, L, O, U — easy to read aloud and type.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Eight characters of an HMAC keyed by APP_SECRET: nothing to store, and no code
// can be worked out without the secret.
function code(appSecret: string, purpose: string): string {
  const digest = createHmac('sha256', appSecret).update(purpose).digest();
  return Array.from(digest.subarray(0, 8), (byte) => ALPHABET[byte % 32]).join('');
}

/** Compares a typed code with the expected one in constant time. */
export function sameCode(typed: string, expected: string): boolean {
  const a = Buffer.from(typed.toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Version 0 is the code as it was before codes could be rotated: codes handed out then
// keep working until someone rotates them.
const versioned = (purpose: string, version: number) => (version === 0 ? purpose : `${purpose}:v${version}`);

/**
 * The code an owner sends in the team's group (`/link <code>`) to make it the business's
 * team chat. `version` is the business's `teamLinkCodeVersion`: rotating bumps it, and
 * the previous code stops working.
 */
export function teamLinkCode(appSecret: string, businessId: string, version: number): string {
  return code(appSecret, versioned(`team-chat:${businessId}`, version));
}

/**
 * The code a staff member sends the bot (`/iam <code>`) to link their chat account.
 * `version` is the staff member's `linkCodeVersion` (bumped by a rotation).
 */
export function staffLinkCode(appSecret: string, staffId: string, version: number): string {
  return code(appSecret, versioned(`staff:${staffId}`, version));
}
