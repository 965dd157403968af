import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiCaller } from '../../app/api-keys/authenticate-api-key.ts';
import type { ApiDeps } from './api-deps.ts';
import { runOnce, type ApiAnswer } from './api-idempotency.ts';
import { queryReader } from './api-json-schema.ts';
import { ApiRefusal, PROBLEM_TYPE, problemOf } from './api-problem.ts';
import type { ApiRoute } from './api-route.ts';
import { RETRY_AFTER_SECONDS } from '../http-error-handler.ts';

/** Sends an answer: JSON, or a problem for an error status; never cached. */
export function sendAnswer(reply: FastifyReply, answer: ApiAnswer): FastifyReply {
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  if (answer.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(answer.status)
    .type(answer.status >= 400 ? PROBLEM_TYPE : 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(answer.body);
}

// Parses the request's parts with the route's schemas, calls the handler, and turns the
// outcome (a result or an error) into an answer: what is stored for an idempotency key.
async function answerOf(route: ApiRoute, caller: ApiCaller, request: FastifyRequest, readQuery: ((raw: unknown) => unknown) | null, idempotencyKey: string | null): Promise<ApiAnswer> {
  let location = '';
  try {
    location = 'params';
    const params = route.params ? route.params.parse(request.params) : {};
    location = 'query';
    const query = route.query && readQuery ? route.query.parse(readQuery(request.query)) : {};
    location = 'body';
    const body = route.body ? route.body.parse(request.body ?? {}) : {};
    location = '';
    const result = await route.handler({ caller, params, query, body, idempotencyKey });
    return { status: route.status ?? 200, body: JSON.stringify(result) };
  } catch (error) {
    const problem = problemOf(error, request, location);
    return { status: problem.status, body: JSON.stringify(problem) };
  }
}

// The key as a use case's idempotency key (at most 128 characters): the method and path
// are in it, so one key sent to two routes never names one booking for both.
function useCaseKey(request: FastifyRequest, key: string): string {
  return `api:${createHash('sha256').update(`${request.method} ${request.url.split('?')[0]}\n${key}`).digest('hex')}`;
}

/** Adds the API's routes to its scope (authentication and rate limits are the scope's hooks). */
export function addApiRoutes(scope: FastifyInstance, deps: ApiDeps, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    const readQuery = route.query ? queryReader(route.query) : null;
    scope.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const caller = request.apiCaller;
        if (!caller) throw new ApiRefusal(401, 'unauthorized', 'Send an API key: Authorization: Bearer <key>');
        if (route.scope === 'write' && caller.scope !== 'write') throw new ApiRefusal(403, 'forbidden_scope', 'This API key may only read');
        const key = request.headers['idempotency-key'];
        const keyed = route.method !== 'GET' && typeof key === 'string';
        const run = () => answerOf(route, caller, request, readQuery, keyed ? useCaseKey(request, key) : null);
        const answer = keyed ? await runOnce(deps.ctx, caller, request, key, run) : await run();
        return sendAnswer(reply, answer);
      },
    });
  }
}
