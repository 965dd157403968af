import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { UserSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { hashPassword, passwordMatches } from './password-policy.ts';

/** Wrong passwords in a row before an account is locked. */
export const MAX_FAILED_SIGN_INS = 5;
/** How long a locked account refuses every sign-in, right or wrong. */
export const LOCKOUT_MINUTES = 15;

/** What a sign-in form sends. */
export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

/** How a sign-in ended. A wrong email and a wrong password read the same, so emails cannot be probed. */
export type SignInOutcome =
  | { kind: 'signed_in'; userId: string; sessionVersion: number }
  | { kind: 'wrong_credentials' }
  | { kind: 'locked'; until: Date };

// Hashed once, so an unknown email costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an email and password. After {@link MAX_FAILED_SIGN_INS} wrong passwords the
 * account is locked for {@link LOCKOUT_MINUTES}; a good sign-in clears the count.
 */
export async function signIn(ctx: UseCaseContext, raw: unknown): Promise<SignInOutcome> {
  const input = SignInInput.parse(raw);
  const now = ctx.now();
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    // Locked: concurrent guesses at one account are counted one after another.
    const user = await em.findOne(UserSchema, { email: input.email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!user) {
      decoyHash ??= hashPassword('decoy password that matches nothing');
      await passwordMatches(await decoyHash, input.password);
      return { kind: 'wrong_credentials' };
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > now) return { kind: 'locked', until: user.lockedUntil };
    if (await passwordMatches(user.passwordHash, input.password)) {
      if (user.failedSignIns > 0 || user.lockedUntil) em.assign(user, { failedSignIns: 0, lockedUntil: null });
      return { kind: 'signed_in', userId: user.id, sessionVersion: user.sessionVersion };
    }
    const failed = user.failedSignIns + 1;
    const locked = failed >= MAX_FAILED_SIGN_INS;
    em.assign(user, locked ? { failedSignIns: 0, lockedUntil: new Date(now + LOCKOUT_MINUTES * 60_000) } : { failedSignIns: failed });
    return locked ? { kind: 'locked', until: new Date(now + LOCKOUT_MINUTES * 60_000) } : { kind: 'wrong_credentials' };
  });
}
