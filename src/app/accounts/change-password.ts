import { z } from 'zod';
import { UserSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { hashPassword, NewPassword, passwordMatches } from './password-policy.ts';

/** What the password form sends. */
export const ChangePasswordInput = z
  .object({ current: z.string().max(200), password: NewPassword, confirm: z.string().max(200) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'passwords_differ' });

/** How a password change ended: the new session version signs this browser in again. */
export type ChangePasswordOutcome = { kind: 'changed'; sessionVersion: number } | { kind: 'wrong_current' };

/**
 * Changes a signed-in user's password after checking the current one. Every other
 * session of the user ends (the session version moves on).
 */
export async function changePassword(ctx: UseCaseContext, userId: string, raw: unknown): Promise<ChangePasswordOutcome> {
  const input = ChangePasswordInput.parse(raw);
  const id = Id.parse(userId);
  const user = await emAcrossBusinesses(ctx.orm).findOneOrFail(UserSchema, { id });
  if (!(await passwordMatches(user.passwordHash, input.current))) return { kind: 'wrong_current' };
  const passwordHash = await hashPassword(input.password);
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    const fresh = await em.findOneOrFail(UserSchema, { id });
    em.assign(fresh, { passwordHash, sessionVersion: fresh.sessionVersion + 1, failedSignIns: 0, lockedUntil: null });
    return { kind: 'changed', sessionVersion: fresh.sessionVersion };
  });
}
