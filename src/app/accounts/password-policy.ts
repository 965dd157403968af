import argon2 from 'argon2';
import { z } from 'zod';

/** A password a person sets: long enough to resist guessing, short enough to hash quickly. */
export const NewPassword = z.string().min(10, 'password_too_short').max(200, 'password_too_long');

/** An email as typed into a form: trimmed and lower-cased, since sign-in compares it so. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('email_invalid').max(254, 'email_invalid'));

/** The argon2id hash stored for a password. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** True when `password` matches the stored hash (false for a hash that cannot be read). */
export async function passwordMatches(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password).catch(() => false);
}
