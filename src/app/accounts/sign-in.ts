import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { UnknownSignInSchema, UserSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { hashPassword, passwordMatches } from './password-policy.ts';

/** Wrong passwords in a row before an account is locked. */
export const MAX_FAILED_SIGN_INS = 5;
/** How long a locked account refuses every sign-in, right or wrong. */
export const LOCKOUT_MINUTES = 15;
// Counts for emails no account has are forgotten after a day.
const UNKNOWN_KEPT_MS = 86_400_000;

/** What a sign-in form sends. Control characters (a NUL the database refuses) are dropped. */
export const SignInInput = z.object({
  email: z
    .string()
    .max(254)
    .transform((email) => email.replace(/[\u0000-\u001f\u007f]/g, '').trim().toLowerCase()),
  password: z.string().max(200),
});

/**
 * How a sign-in ended. A wrong email and a wrong password read the same, and so does a
 * lockout (an unknown email is locked after as many tries), so emails cannot be probed.
 */
export type SignInOutcome =
  | { kind: 'signed_in'; userId: string; sessionVersion: number }
  | { kind: 'wrong_credentials' }
  | { kind: 'locked'; until: Date };

/** The wrong-password count of an account, or of an email no account has. */
interface FailureCount {
  failedSignIns: number;
  lockedUntil?: Date | null | undefined;
  updatedAt?: Date;
}

// Hashed once, so an unknown email costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an email and password. After {@link MAX_FAILED_SIGN_INS} wrong passwords the
 * account is locked for {@link LOCKOUT_MINUTES}; a good sign-in clears the count. An
 * email no account has is counted and locked the same way.
 */
export async function signIn(ctx: UseCaseContext, raw: unknown): Promise<SignInOutcome> {
  const input = SignInInput.parse(raw);
  const now = ctx.now();
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    // Locked: concurrent guesses at one email are counted one after another.
    const user = await em.findOne(UserSchema, { email: input.email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const count: FailureCount = user ?? (await unknownEmailCount(em, input.email, now));
    if (count.lockedUntil && count.lockedUntil.getTime() > now) return { kind: 'locked', until: count.lockedUntil };
    decoyHash ??= hashPassword('decoy password that matches nothing');
    const matches = await passwordMatches(user ? user.passwordHash : await decoyHash, input.password);
    if (user && matches) {
      if (user.failedSignIns > 0 || user.lockedUntil) em.assign(user, { failedSignIns: 0, lockedUntil: null });
      return { kind: 'signed_in', userId: user.id, sessionVersion: user.sessionVersion };
    }
    const failed = count.failedSignIns + 1;
    const until = new Date(now + LOCKOUT_MINUTES * 60_000);
    const locked = failed >= MAX_FAILED_SIGN_INS;
    // Both kinds of row are managed by this unit of work: the change is flushed with it.
    count.failedSignIns = locked ? 0 : failed;
    if (locked) count.lockedUntil = until;
    if (!user) count.updatedAt = new Date(now);
    return locked ? { kind: 'locked', until } : { kind: 'wrong_credentials' };
  });
}

/** The locked count row of an email no account has (made on its first wrong try). */
async function unknownEmailCount(em: EntityManager, email: string, now: number): Promise<FailureCount> {
  await em.nativeDelete(UnknownSignInSchema, { updatedAt: { $lt: new Date(now - UNKNOWN_KEPT_MS) } });
  await em.createQueryBuilder(UnknownSignInSchema).insert({ email, failedSignIns: 0, updatedAt: new Date(now) }).onConflict('email').ignore().execute();
  return em.findOneOrFail(UnknownSignInSchema, { email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}
