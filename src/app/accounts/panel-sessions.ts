import { PanelSessionSchema } from '../../db/entities/index.ts';
import { emAcrossBusinesses } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** How long a panel session lasts without signing in again. */
export const SESSION_DAYS = 7;

/**
 * Opens a signed-in session for a user and returns its id (the cookie carries it).
 * The user's expired sessions are cleared on the way.
 */
export async function openPanelSession(ctx: UseCaseContext, userId: string): Promise<string> {
  const user = Id.parse(userId);
  const now = ctx.now();
  return emAcrossBusinesses(ctx.orm).transactional(async (em) => {
    await em.nativeDelete(PanelSessionSchema, { user, expiresAt: { $lte: new Date(now) } });
    const session = em.create(PanelSessionSchema, { user, expiresAt: new Date(now + SESSION_DAYS * 86_400_000) });
    return session.id;
  });
}

/** Ends a session (sign-out): its cookie, and every copy of it, stops working. */
export async function closePanelSession(ctx: UseCaseContext, sessionId: string): Promise<void> {
  const parsed = Id.safeParse(sessionId);
  if (parsed.success) await emAcrossBusinesses(ctx.orm).nativeDelete(PanelSessionSchema, { id: parsed.data });
}
