import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

declare module '@fastify/secure-session' {
  /** What the booking page keeps in its visitor cookie (encrypted and signed). */
  interface SessionData {
    /** The page visitor: their holds are held under `page:<id>`. */
    pageVisitor: string;
    /** The customer card made for the visitor, per business id. */
    pageCustomers: Record<string, string>;
    /** The language the visitor picked on the page. */
    pageLanguage: string;
  }
}

/** The visitor cookie's name (its path is `/b`). */
export const PAGE_COOKIE = 'bookchat_page';
/** How long a visitor is remembered after their last visit. */
export const PAGE_VISITOR_DAYS = 60;

const VisitorId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const Customers = z.record(z.uuid(), z.uuid());

/** The visitor cookie's 32-byte key, derived from APP_SECRET (a label of its own). */
export function pageCookieKey(appSecret: string): Buffer {
  return createHmac('sha256', appSecret).update('booking-page-visitor-cookie').digest();
}

/** The request's visitor, made now (a random 128-bit id, never taken from the request) when the cookie names none. */
export function ensurePageVisitor(request: FastifyRequest): string {
  const known = VisitorId.safeParse(request.session.get('pageVisitor'));
  if (known.success) return known.data;
  const id = randomBytes(16).toString('base64url');
  request.session.set('pageVisitor', id);
  return id;
}

/** The visitor the cookie names, if any. */
export function pageVisitorOf(request: FastifyRequest): string | undefined {
  const known = VisitorId.safeParse(request.session.get('pageVisitor'));
  return known.success ? known.data : undefined;
}

/** The hold key of a visitor: one live hold per visitor, and "a slot held on the page" is held like a chat's. */
export function pageConversationKey(visitorId: string): string {
  return `page:${visitorId}`;
}

/** The customer card the cookie remembers for a business. */
export function rememberedCustomer(request: FastifyRequest, businessId: string): string | null {
  const parsed = Customers.safeParse(request.session.get('pageCustomers') ?? {});
  return parsed.success ? (parsed.data[businessId] ?? null) : null;
}

/** Remembers the visitor's card for a business (a few businesses at most: the oldest are forgotten). */
export function rememberCustomer(request: FastifyRequest, businessId: string, customerId: string): void {
  const parsed = Customers.safeParse(request.session.get('pageCustomers') ?? {});
  const entries = Object.entries(parsed.success ? parsed.data : {}).filter(([b]) => b !== businessId).slice(-4);
  request.session.set('pageCustomers', Object.fromEntries([...entries, [businessId, customerId]]));
}

/** The token the page's forms carry: another site can make a browser post here, never read the page to learn it. */
export function pageFormToken(appSecret: string, visitorId: string): string {
  return createHmac('sha256', appSecret).update(`booking-page-form:${visitorId}`).digest('base64url');
}

/** Whether a posted token is this visitor's. */
export function pageFormTokenMatches(appSecret: string, visitorId: string, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(pageFormToken(appSecret, visitorId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
