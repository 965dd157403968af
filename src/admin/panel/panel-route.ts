import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PanelUser, UserBusiness } from '../../app/accounts/panel-user.ts';
import type { Actor } from '../../app/shared/use-case-context.ts';
import type { Language } from '../../i18n/translator.ts';
import { roleAtLeast, type PanelAccess } from './panel-access.ts';

/** What every panel handler knows about the request beyond Fastify's. */
export interface PanelContext {
  /** The signed-in user, if any. */
  user: PanelUser | undefined;
  /** The business in the URL, for `business` routes (the user is a member). */
  business: UserBusiness | undefined;
  language: Language;
  /** Text in the request's language. */
  t: (key: string, params?: Readonly<Record<string, string | number>>) => string;
}

/** A panel request: Fastify's, with the panel context attached by the guard. */
export type PanelRequest = FastifyRequest & { panel: PanelContext };

/** One panel route: what it answers, who may call it, and how. */
export interface PanelRoute {
  method: 'GET' | 'POST';
  /** Relative to `/admin` (`/b/:slug/services`). */
  url: string;
  access: PanelAccess;
  /** Largest body accepted (default Fastify's 1 MiB). */
  bodyLimit?: number;
  /** Requests per minute per client address, for routes worth guessing at (sign-in, reset). */
  perMinute?: number;
  /** Takes a multipart form with a file (a logo, a photo); every other route answers such a body 415 unread. */
  acceptsUpload?: boolean;
  handler: (request: PanelRequest, reply: FastifyReply) => Promise<unknown>;
}

/** The user and business a request is allowed to act as, or why not. */
export type AccessDecision = { kind: 'allowed'; business: UserBusiness | undefined } | { kind: 'sign_in' } | { kind: 'not_found' } | { kind: 'forbidden' };

/**
 * Decides a request's access: a business route for a business the user is not a member
 * of answers 404 (whether it exists is nobody else's business); a member below the
 * route's role gets 403.
 */
export function decideAccess(access: PanelAccess, user: PanelUser | undefined, slug: string | undefined): AccessDecision {
  if (access.kind === 'public') return { kind: 'allowed', business: undefined };
  if (!user) return { kind: 'sign_in' };
  if (access.kind === 'signed_in') return { kind: 'allowed', business: undefined };
  const business = user.businesses.find((b) => b.slug === slug);
  if (!business) return { kind: 'not_found' };
  if (!roleAtLeast(business.role, access.minRole)) return { kind: 'forbidden' };
  return { kind: 'allowed', business };
}

/** Registers routes on the panel plugin; the guard in `panel-plugin.ts` runs first. */
export function addPanelRoutes(app: FastifyInstance, routes: readonly PanelRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      config: { panelAccess: route.access, acceptsUpload: route.acceptsUpload === true, ...(route.perMinute ? { rateLimit: { max: route.perMinute, timeWindow: 60_000 } } : {}) },
      handler: (request, reply) => route.handler(request as PanelRequest, reply),
    });
  }
}

/** The signed-in panel user acting on their business, as use cases record them in the audit log. */
export function panelActor(request: PanelRequest): Actor {
  return { kind: 'business', userId: request.panel.user?.id ?? null };
}
