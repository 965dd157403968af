import { jsonSchemaOf, type JsonSchema } from './api-json-schema.ts';
import type { ApiRoute } from './api-route.ts';
import { ProblemBody } from './api-schemas.ts';

/** `/bookings/:id` as OpenAPI writes it: `/bookings/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** The operation id of a route: `getBookingsId`, `postBookingsIdCancel`. */
export function operationId(route: ApiRoute): string {
  const words = route.path.split(/[/:{}-]+/).filter(Boolean);
  return route.method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** The parameters of a route's path or query: one per property of its schema. */
export function parametersOf(schema: ApiRoute['params'], where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, spec]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: spec }));
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** What each documented error status means. */
export const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The input is not valid: the problem lists each field (issues).',
  401: 'No API key, or an unknown or revoked one.',
  403: 'A read key asked to write.',
  404: 'No such thing in this business (another business ids are not found either).',
  409: 'The slot is taken (the problem lists free alternatives), the booking changed since its version, or a request with this Idempotency-Key is still running.',
  422: 'The request cannot be done as asked (outside hours, a lapsed hold, a range over its limit, an Idempotency-Key reused for another request).',
  429: 'Over the key per-minute limit: see RateLimit-* and Retry-After.',
};

function operation(route: ApiRoute): JsonSchema {
  const writes = route.method !== 'GET';
  const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key and request gets the first answer again (24 hours); a retry while the first is still running waits for it, then 409. Bookings and holds made with a key are made once, even when the first answer was lost.', schema: { type: 'string', minLength: 1, maxLength: 255 } };
  const statuses = [...new Set([400, 401, ...(writes ? [403] : []), ...(route.errors ?? []), 429])].sort();
  return {
    operationId: operationId(route),
    summary: route.summary,
    'x-scope': route.scope,
    security: [{ apiKey: [] }],
    parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query'), ...(writes ? [idempotencyKey] : [])],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } } } } : {}),
    responses: {
      [String(route.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: jsonSchemaOf(route.response, 'output') } } },
      ...Object.fromEntries(statuses.map((s) => [String(s), problemResponse(ERROR_DESCRIPTIONS[s] ?? 'Error')])),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the API, built from the same route table (and so the same
 * zod schemas) the router checks requests with.
 */
export function openApiDocument(routes: readonly ApiRoute[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'BookChat REST API',
      version: '1',
      description: 'Bookings, availability, customers and payments of one business, for its own software. Times are epoch milliseconds (UTC); local days are YYYY-MM-DD in the business zone; money is in minor units. Errors are application/problem+json.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made on the panel API keys page (bk_live_…).' } },
      schemas: { Problem: jsonSchemaOf(ProblemBody, 'output') },
    },
  };
}
