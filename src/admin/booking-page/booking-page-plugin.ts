import { createRequire } from 'node:module';
import path from 'node:path';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import { registerStaticAssets } from '../static-assets.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { bookingPageErrorHandler, pageProblem } from './booking-page-errors.ts';
import { addBookingPageRoutes } from './booking-page-routes.ts';
import { MAX_PAGE_BODY_BYTES } from './booking-page-request.ts';
import { addBookingManageRoutes } from './booking-manage-routes.ts';
import { addBookingPageAppRoutes } from './booking-page-manifest.ts';
import { PAGE_COOKIE, PAGE_VISITOR_DAYS, pageCookieKey } from './booking-page-visitor.ts';
import { bookingPageViews, PAGE_ASSETS_DIR } from './booking-page-views.ts';
import { pageLimits } from './booking-page-limits.ts';
import { registerWidgetScript } from './widget-route.ts';

const htmxDir = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
const SERVED = new Set(['/htmx.min.js', '/booking-page.js', '/booking-page.css']);

/** The page's CSP: no inline code; framed by any site only in the widget's mode (`embed=1`), by none otherwise. */
function contentSecurityPolicy(embedded: boolean, https: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${embedded ? '*' : "'none'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "manifest-src 'self'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

function embedded(request: FastifyRequest): boolean {
  const of = (source: unknown) => typeof source === 'object' && source !== null && 'embed' in source && source.embed === '1';
  return of(request.query) || of(request.body);
}

/**
 * Registers the public booking page under `/b` (`/b/<slug>`: book step by step, no
 * account; `/b/<slug>/m/<id>?t=…`: the booking's private manage page) and the widget's
 * `GET /widget.js`. Scoped like the web chat: security headers with a CSP of its own,
 * form bodies capped, the visitor cookie (path `/b`), a form token derived from it, rate
 * limits per visitor then per address, one error boundary in the visitor's language.
 */
export function registerBookingPage(app: FastifyInstance, deps: BookingPageDeps): void {
  registerWidgetScript(app);
  void app.register(
    async (scope) => {
      const https = deps.publicUrl.startsWith('https:');
      // Framing and the CSP are decided per request (the widget's frame), below.
      await scope.register(helmet, { contentSecurityPolicy: false, frameguard: false, hsts: https });
      scope.addHook('onSend', async (request, reply) => {
        const framed = embedded(request);
        void reply.header('content-security-policy', contentSecurityPolicy(framed, https));
        if (!framed) void reply.header('x-frame-options', 'DENY');
      });
      await scope.register(formbody, { bodyLimit: MAX_PAGE_BODY_BYTES });
      await scope.register(secureSession, {
        key: pageCookieKey(deps.appSecret),
        cookieName: PAGE_COOKIE,
        expiry: PAGE_VISITOR_DAYS * 24 * 3600,
        // Behind https the cookie also works inside a widget's frame on another site
        // (SameSite=None, partitioned per embedding site); the form token guards posts.
        cookie: { path: '/b', httpOnly: true, sameSite: https ? 'none' : 'lax', secure: https, partitioned: https, maxAge: PAGE_VISITOR_DAYS * 24 * 3600 },
      });
      await scope.register(rateLimit, { global: false });
      await registerStaticAssets(scope, { root: [PAGE_ASSETS_DIR, htmxDir], prefix: '/_assets/', decorateReply: false, maxAge: '1h', allowedPath: (file) => SERVED.has(file) });
      const views = bookingPageViews();
      scope.setErrorHandler(bookingPageErrorHandler(deps, views));
      scope.setNotFoundHandler((request, reply) => pageProblem(deps, views, request, reply, 404));
      const limits = pageLimits(scope, deps);
      addBookingPageRoutes(scope, deps, views, limits);
      addBookingManageRoutes(scope, deps, views, limits);
      addBookingPageAppRoutes(scope, deps, limits);
    },
    { prefix: '/b' },
  );
}
