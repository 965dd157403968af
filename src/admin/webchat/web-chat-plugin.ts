import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import { registerStaticAssets } from '../static-assets.ts';
import type { FastifyInstance } from 'fastify';
import type { WebChatDeps } from './web-chat-deps.ts';
import { chatProblem, webChatErrorHandler } from './web-chat-errors.ts';
import { addWebChatRoutes, MAX_CHAT_BODY_BYTES } from './web-chat-routes.ts';
import { VISITOR_COOKIE, VISITOR_DAYS, visitorCookieKey } from './web-chat-visitor.ts';
import { ASSETS_DIR, webChatViews } from './web-chat-views.ts';

/**
 * Registers the web chat under `/chat`: `/chat/<business slug>` is a page where anyone
 * books by chatting with the business's bot, no account needed. Scoped like the panel:
 * security headers (a CSP with no inline script or style), form bodies capped at
 * {@link MAX_CHAT_BODY_BYTES}, the visitor cookie (encrypted and signed, HTTP-only,
 * SameSite=Lax, Secure behind https, path `/chat`), rate limits, and its own script and
 * stylesheet under `/chat/_assets/` (a slug cannot start with `_`).
 */
export function registerWebChat(app: FastifyInstance, deps: WebChatDeps): void {
  void app.register(
    async (scope) => {
      const https = deps.publicUrl.startsWith('https:');
      await scope.register(helmet, {
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            // A payment QR is shown inline as a data URL.
            imgSrc: ["'self'", 'data:'],
            connectSrc: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
            upgradeInsecureRequests: https ? [] : null,
          },
        },
        hsts: https,
      });
      await scope.register(formbody, { bodyLimit: MAX_CHAT_BODY_BYTES });
      await scope.register(secureSession, {
        key: visitorCookieKey(deps.appSecret),
        cookieName: VISITOR_COOKIE,
        expiry: VISITOR_DAYS * 24 * 3600,
        cookie: { path: '/chat', httpOnly: true, sameSite: 'lax', secure: https, maxAge: VISITOR_DAYS * 24 * 3600 },
      });
      await scope.register(rateLimit, { global: false });
      await registerStaticAssets(scope, { root: ASSETS_DIR, prefix: '/_assets/', decorateReply: false, maxAge: '1h' });

      const views = webChatViews();
      // Open pages' polls answer at once when the server shuts down, instead of holding it.
      const closing = new AbortController();
      scope.addHook('preClose', async () => closing.abort());
      scope.setErrorHandler(webChatErrorHandler(deps, views));
      scope.setNotFoundHandler((request, reply) => chatProblem(deps, views, request, reply, 404));
      addWebChatRoutes(scope, deps, views, closing.signal);
    },
    { prefix: '/chat' },
  );
}
