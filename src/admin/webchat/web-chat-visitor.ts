import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

declare module '@fastify/secure-session' {
  /** What the web chat keeps in its visitor cookie (encrypted and signed): who the visitor is. */
  interface SessionData {
    visitorId: string;
  }
}

/** The visitor cookie's name (its path is `/chat`). */
export const VISITOR_COOKIE = 'bookchat_visitor';
/** How long a visitor is remembered after their last visit. */
export const VISITOR_DAYS = 60;

const VisitorId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/** The visitor cookie's 32-byte key, derived from APP_SECRET (another label than the panel's). */
export function visitorCookieKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('webchat-visitor-cookie').digest();
}

/** The visitor the request's cookie names, if it holds a valid one. */
export function visitorOf(request: FastifyRequest): string | undefined {
  const parsed = VisitorId.safeParse(request.session.get('visitorId'));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The request's visitor, made now when the cookie names none: a random id (128 bits),
 * never taken from the request, so nobody can pick another visitor's chat. Each visit
 * renews the cookie's lifetime.
 */
export function ensureVisitor(request: FastifyRequest): string {
  const known = visitorOf(request);
  if (known) {
    request.session.touch();
    return known;
  }
  const visitorId = randomBytes(16).toString('base64url');
  request.session.set('visitorId', visitorId);
  return visitorId;
}

/**
 * The token the page's forms carry: another site can make a visitor's browser post to
 * the chat (the cookie is SameSite=Lax, but older browsers send it), never read the page
 * to learn this.
 */
export function visitorFormToken(appSecret: string, visitorId: string): string {
  return createHmac('sha256', appSecret).update(`webchat-form-token:${visitorId}`).digest('base64url');
}

/** Whether a posted token is this visitor's. */
export function formTokenMatches(appSecret: string, visitorId: string, token: string): boolean {
  const expected = Buffer.from(visitorFormToken(appSecret, visitorId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
