import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import { registerStaticAssets } from '../static-assets.ts';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PanelDeps } from './panel-deps.ts';
import { panelErrorHandler, panelNotFound } from './panel-errors.ts';
import { panelGuard } from './panel-guard.ts';
import { addPanelRoutes, type PanelRoute } from './panel-route.ts';
import { SESSION_COOKIE, SESSION_DAYS, sessionKey } from './panel-session.ts';

/** Largest upload (a logo, a photo): larger ones get 413. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
const htmxDir = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));
// From the packages' folders only the files pages load: htmx, and uPlot for the report charts.
const PACKAGE_ASSETS = new Set(['/htmx.min.js', '/uPlot.iife.min.js', '/uPlot.min.css']);

/**
 * Registers the web panel under `/admin`, in the Fastify demo's order: external
 * plugins (security headers, forms, sessions, CSRF, rate limits, templates, assets),
 * then the guard and error pages, then the routes. Everything is scoped to `/admin`:
 * webhooks and the API are not affected.
 */
export function registerPanel(app: FastifyInstance, deps: PanelDeps, routes: readonly PanelRoute[]): void {
  void app.register(
    async (panel) => {
      await panel.register(helmet, {
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
            // Local http tests and set-ups: only an https panel asks browsers to upgrade.
            upgradeInsecureRequests: deps.publicUrl.startsWith('https:') ? [] : null,
          },
        },
        hsts: deps.publicUrl.startsWith('https:'),
      });
      await panel.register(formbody, { bodyLimit: 64 * 1024 });
      // Text fields of an upload form are small; a field or part count past these is 413.
      await panel.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 100, parts: 110, fieldSize: 64 * 1024 } });
      await panel.register(secureSession, {
        key: sessionKey(deps.appSecret),
        cookieName: SESSION_COOKIE,
        expiry: SESSION_DAYS * 24 * 3600,
        cookie: { path: '/admin', httpOnly: true, sameSite: 'lax', secure: deps.publicUrl.startsWith('https:') },
      });
      await panel.register(csrfProtection, { sessionPlugin: '@fastify/secure-session', getToken: csrfToken });
      await panel.register(rateLimit, { global: false });
      // Templates compile once per process whatever NODE_ENV says (@fastify/view would
      // otherwise recompile every page outside production: 1.5–8 ms a calendar page).
      await panel.register(fastifyView, { engine: { eta: new Eta({ views: path.join(here, 'views'), cache: true }) }, root: path.join(here, 'views'), viewExt: 'eta', production: true });
      await registerStaticAssets(panel, { root: [path.join(here, 'assets'), htmxDir, uplotDir], prefix: '/assets/', allowedPath: (file) => PACKAGE_ASSETS.has(file) || !/^\/(htmx|uPlot)/.test(file), maxAge: '1h' });

      panel.addHook('onRequest', panelGuard(deps));
      // Only upload routes read multipart bodies: elsewhere one is refused before it is parsed.
      panel.addHook('onRequest', async (request, reply) => {
        const uploads = (request.routeOptions.config as { acceptsUpload?: boolean }).acceptsUpload === true;
        if (!uploads && /^multipart\//i.test(request.headers['content-type'] ?? '') && !reply.sent) {
          throw Object.assign(new Error('multipart bodies are for uploads only'), { statusCode: 415, code: 'unsupported_media_type' });
        }
      });
      // After the body is parsed (it may hold the token): every change needs the form's token.
      panel.addHook('preHandler', (request, reply, done) => {
        // A 404 (another business's URL) changes nothing, and its body is never parsed: no token to check.
        if (request.method === 'GET' || request.method === 'HEAD' || request.is404) return done();
        panel.csrfProtection(request, reply, done);
      });
      panel.setErrorHandler(panelErrorHandler(deps));
      panel.setNotFoundHandler(panelNotFound(deps));
      addPanelRoutes(panel, routes);
    },
    { prefix: '/admin' },
  );
}

// htmx sends the token as a header; forms (also multipart ones) as the `_csrf` field.
function csrfToken(request: FastifyRequest): string | void {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || !('_csrf' in body)) return;
  const field: unknown = body._csrf;
  if (typeof field === 'string') return field;
  if (typeof field === 'object' && field !== null && 'value' in field && typeof field.value === 'string') return field.value;
}
