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

/** The code an owner sends in the team's group (`/link <code>`) to make it the business's team chat. */
export function teamLinkCode(appSecret: string, businessId: string): string {
  return code(appSecret, `team-chat:${businessId}`);
}

/** The code a staff member sends the bot (`/iam <code>`) to link their chat account. */
export function staffLinkCode(appSecret: string, staffId: string): string {
  return code(appSecret, `staff:${staffId}`);
}
