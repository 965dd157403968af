import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';

declare module '@fastify/secure-session' {
  /** What the panel keeps in its session cookie (encrypted and signed). */
  interface SessionData {
    userId: string;
    version: number;
    language: string;
  }
}

/** How long a panel session lasts without signing in again. */
export const SESSION_DAYS = 7;
/** The session cookie's name. */
export const SESSION_COOKIE = 'bookchat_session';

const SignedIn = z.object({ userId: z.uuid(), version: z.number().int().nonnegative() });

/** The 32-byte key of the session cookie, derived from APP_SECRET (so rotating the secret signs everyone out). */
export function sessionKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('panel-session-cookie').digest();
}

/** Who the session says is signed in (checked against the database by the guard), if anyone. */
export function sessionUser(request: FastifyRequest): { userId: string; version: number } | undefined {
  const parsed = SignedIn.safeParse({ userId: request.session.get('userId'), version: request.session.get('version') });
  return parsed.success ? parsed.data : undefined;
}

/** Starts a signed-in session (a new cookie, so a session fixed before sign-in is not reused). */
export function startSession(request: FastifyRequest, userId: string, version: number): void {
  const language = sessionLanguage(request);
  request.session.regenerate();
  request.session.set('userId', userId);
  request.session.set('version', version);
  if (language) request.session.set('language', language);
}

/** Ends the session (signs out). */
export function endSession(request: FastifyRequest): void {
  request.session.delete();
}

/** The language the person picked with the switch, if any. */
export function sessionLanguage(request: FastifyRequest): Language | undefined {
  const value: unknown = request.session.get('language');
  return (typeof value === 'string' ? supportedLanguage(value) : null) ?? undefined;
}
