import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { closePanelSession, openPanelSession, SESSION_DAYS } from '../../app/accounts/panel-sessions.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import type { PanelDeps } from './panel-deps.ts';

declare module '@fastify/secure-session' {
  /** What the panel keeps in its session cookie (encrypted and signed). */
  interface SessionData {
    sessionId: string;
    userId: string;
    version: number;
    language: string;
  }
}

export { SESSION_DAYS };
/** The session cookie's name. */
export const SESSION_COOKIE = 'bookchat_session';

const SignedIn = z.object({ sessionId: z.uuid(), userId: z.uuid(), version: z.number().int().nonnegative() });

/** The 32-byte key of the session cookie, derived from APP_SECRET (so rotating the secret signs everyone out). */
export function sessionKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('panel-session-cookie').digest();
}

/** Who the session says is signed in (checked against the database by the guard), if anyone. */
export function sessionUser(request: FastifyRequest): { sessionId: string; userId: string; version: number } | undefined {
  const parsed = SignedIn.safeParse({ sessionId: request.session.get('sessionId'), userId: request.session.get('userId'), version: request.session.get('version') });
  return parsed.success ? parsed.data : undefined;
}

/**
 * Starts a signed-in session: a row in PostgreSQL and a new cookie naming it (so a
 * session fixed before sign-in is not reused).
 */
export async function startSession(deps: PanelDeps, request: FastifyRequest, userId: string, version: number): Promise<void> {
  const language = sessionLanguage(request);
  const previous = sessionUser(request);
  if (previous) await closePanelSession(deps.ctx, previous.sessionId);
  const sessionId = await openPanelSession(deps.ctx, userId);
  request.session.regenerate();
  request.session.set('sessionId', sessionId);
  request.session.set('userId', userId);
  request.session.set('version', version);
  if (language) request.session.set('language', language);
}

/** Ends the session (signs out): its row goes, so no copy of the cookie works any more. */
export async function endSession(deps: PanelDeps, request: FastifyRequest): Promise<void> {
  const current = sessionUser(request);
  if (current) await closePanelSession(deps.ctx, current.sessionId);
  request.session.delete();
}

/** The language the person picked with the switch, if any. */
export function sessionLanguage(request: FastifyRequest): Language | undefined {
  const value: unknown = request.session.get('language');
  return (typeof value === 'string' ? supportedLanguage(value) : null) ?? undefined;
}
