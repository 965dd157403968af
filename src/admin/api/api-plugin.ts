import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_API_RATE_LIMITS, type ApiDeps } from './api-deps.ts';
import { authenticate } from './api-auth.ts';
import { authFailureLimiter, type FailureCount } from './api-auth-failures.ts';
import { apiRoutes } from './api-routes.ts';
import { addApiRoutes, sendAnswer } from './api-router.ts';
import { ApiRefusal, problem, problemOf } from './api-problem.ts';
import { openApiDocument } from './openapi-document.ts';
import { API_DOCS_CSS, apiDocsPage } from './api-docs-page.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An API route anyone may read (the OpenAPI document, the docs page). */
    apiPublic?: boolean;
  }
}

/**
 * Registers the REST API under `/api/v1`, in its own scope: every request but the docs
 * names an API key (`onRequest`, 401 before any body is read; an address with too many
 * failed authentications in a minute is 429 before its key is looked up), is counted against its
 * key's per-minute limit (reads and writes apart, `RateLimit-*` headers, 429 with
 * `Retry-After`), takes JSON only (415) and is answered with JSON or an
 * `application/problem+json` problem, never a stack.
 */
export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  const limits = deps.limits ?? DEFAULT_API_RATE_LIMITS;
  const failures = authFailureLimiter(limits.failedAuthPerMinutePerAddress ?? DEFAULT_API_RATE_LIMITS.failedAuthPerMinutePerAddress);
  const routes = apiRoutes(deps);
  void app.register(
    async (scope) => {
      // Fastify also reads text/plain by default; the API speaks JSON only.
      scope.removeContentTypeParser('text/plain');
      scope.decorateRequest('apiCaller', null);
      scope.setErrorHandler((error, request, reply) => {
        const body = problemOf(error, request);
        return sendAnswer(reply, { status: body.status, body: JSON.stringify(body) });
      });
      scope.setNotFoundHandler((request, reply) => {
        const body = problem(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`);
        return sendAnswer(reply, { status: 404, body: JSON.stringify(body) });
      });
      scope.addHook('onRequest', async (request, reply) => {
        if (request.routeOptions.config.apiPublic) return;
        if (failures.blocked(request.ip)) {
          const standing = failures.standing(request.ip);
          if (standing) limitHeaders(reply, standing).header('retry-after', String(standing.resetSeconds));
          throw new ApiRefusal(429, 'too_many_failed_authentications', 'Too many requests without a valid API key from this address; retry after Retry-After seconds');
        }
        try {
          request.apiCaller = await authenticate(deps.ctx, request);
        } catch (error) {
          if (error instanceof ApiRefusal && error.status === 401) limitHeaders(reply, failures.fail(request.ip));
          throw error;
        }
      });
      // Counters live in this process's memory: with several web processes each counts its own.
      await scope.register(rateLimit, {
        global: true,
        hook: 'preHandler',
        enableDraftSpec: true,
        timeWindow: 60_000,
        allowList: (request) => request.apiCaller === null,
        keyGenerator: (request) => `${request.apiCaller?.keyId ?? ''}:${request.method === 'GET' ? 'read' : 'write'}`,
        max: (request) => (request.method === 'GET' ? limits.readPerMinute : limits.writePerMinute),
      });
      const document = openApiDocument(routes);
      const docs = apiDocsPage(routes);
      scope.get('/openapi.json', { config: { apiPublic: true, rateLimit: false } }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
      scope.get('/docs', { config: { apiPublic: true, rateLimit: false } }, async (_request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; style-src 'self'; frame-ancestors 'none'")
          .send(docs),
      );
      scope.get('/docs.css', { config: { apiPublic: true, rateLimit: false } }, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(API_DOCS_CSS));
      addApiRoutes(scope, deps, routes);
    },
    { prefix: '/api/v1' },
  );
}

// The failed-authentication count in the same headers as the per-key limits.
function limitHeaders(reply: FastifyReply, count: FailureCount): FastifyReply {
  return reply.header('ratelimit-limit', String(count.limit)).header('ratelimit-remaining', String(count.remaining)).header('ratelimit-reset', String(count.resetSeconds));
}
